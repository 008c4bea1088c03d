/** Options of {@link RequestErrorLog}. */
export interface RequestErrorLogOptions {
  /** Start of each line, e.g. `convtrace receiver`. */
  prefix: string;
  /** Where lines go (each ends with a newline). Default: `process.stderr`. */
  write?: (line: string) => void;
  /** Lines per window; further errors in the window are counted and reported with the next line. Default 10. */
  maxLines?: number;
  /** The window, ms. Default 60,000. */
  windowMs?: number;
}

/**
 * Failed requests of a server convtrace runs, one line each on stderr — without it a decode failure
 * or a 500 goes unseen unless the app installed a diag logger. Rate-limited: at most `maxLines` a
 * window; the rest are counted, and the count is printed before the next line that is shown.
 */
export class RequestErrorLog {
  private readonly prefix: string;
  private readonly write: (line: string) => void;
  private readonly maxLines: number;
  private readonly windowMs: number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private shown = 0;
  private suppressed = 0;

  constructor(options: RequestErrorLogOptions) {
    this.prefix = options.prefix;
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.maxLines = options.maxLines ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
  }

  /** Logs `status` for `request`, with a one-line reason (newlines folded, long text cut). */
  log(request: Request, status: number, reason: string, now = Date.now()): void {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.shown = 0;
    }
    if (this.shown >= this.maxLines) {
      this.suppressed++;
      return;
    }
    this.shown++;
    if (this.suppressed > 0) {
      this.write(`${this.prefix}: ${this.suppressed} more failed requests not shown (rate limit)\n`);
      this.suppressed = 0;
    }
    const text = reason.replace(/\s+/g, ' ').trim();
    const cut = text.length > 300 ? `${text.slice(0, 300)}…` : text;
    const path = new URL(request.url).pathname;
    this.write(`${this.prefix}: ${status} ${request.method} ${path}: ${cut}\n`);
  }
}
