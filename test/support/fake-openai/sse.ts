/** Server-sent-events writer used by both streaming endpoints. */
import type { ServerResponse } from 'node:http';
import { baseHeaders, sleep } from './http.ts';
import type { JsonValue } from './types.ts';

/** Writes SSE frames to one HTTP response. */
export class SseWriter {
  private readonly res: ServerResponse;
  private readonly signal: AbortSignal;
  private readonly chunkDelayMs: number;

  /** Sends the 200 status and `text/event-stream` headers right away. */
  constructor(res: ServerResponse, signal: AbortSignal, startedAt: number, chunkDelayMs = 0) {
    this.res = res;
    this.signal = signal;
    this.chunkDelayMs = chunkDelayMs;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      ...baseHeaders(startedAt),
    });
    res.flushHeaders();
  }

  /** True once the client went away or the stream was ended/cut. */
  get closed(): boolean {
    return this.signal.aborted || this.res.writableEnded || this.res.destroyed;
  }

  /** `event: <name>` + `data: <json>` frame (Responses API framing). */
  async event(name: string, data: JsonValue): Promise<void> {
    await this.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** `data: <json>` frame (Chat Completions framing). */
  async data(data: JsonValue): Promise<void> {
    await this.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  /** `data: [DONE]` sentinel. */
  async done(): Promise<void> {
    await this.write('data: [DONE]\n\n');
  }

  /** Raw pre-framed text (cassette replay). */
  async raw(text: string): Promise<void> {
    await this.write(text);
  }

  /** Ends the response cleanly. */
  end(): void {
    if (!this.closed) this.res.end();
  }

  /** Destroys the socket mid-stream (simulated network failure). */
  cut(): void {
    this.res.socket?.destroy();
    this.res.destroy();
  }

  private async write(text: string): Promise<void> {
    if (this.closed) return;
    this.res.write(text);
    if (this.chunkDelayMs > 0) await sleep(this.chunkDelayMs, this.signal);
  }
}
