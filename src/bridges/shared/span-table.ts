import { diag, type Span } from '@opentelemetry/api';

/**
 * The OTel spans a bridge has open, by the framework's own span / run id. Bounded: a framework that
 * never reports the end of its steps cannot grow it without limit — past `max` the oldest entry is
 * ended and dropped, counted in {@link dropped} and reported through `diag`.
 */
export class SpanTable<T extends { span: Span }> {
  private readonly open = new Map<string, T>();
  /** Entries evicted because the table was full. */
  dropped = 0;

  private readonly max: number;

  constructor(max = 10_000) {
    this.max = max;
  }

  get(id: string): T | undefined {
    return this.open.get(id);
  }

  set(id: string, entry: T): void {
    if (this.open.size >= this.max) {
      const oldest = this.open.keys().next();
      if (!oldest.done) {
        this.open.get(oldest.value)?.span.end();
        this.open.delete(oldest.value);
        this.dropped++;
        diag.warn(`convtrace: ${this.dropped} framework span(s) never ended; oldest closed early`);
      }
    }
    this.open.set(id, entry);
  }

  /** Removes and returns the entry. */
  take(id: string): T | undefined {
    const entry = this.open.get(id);
    if (entry) this.open.delete(id);
    return entry;
  }

  /** Ends every open span (shutdown) and empties the table. */
  endAll(): void {
    for (const entry of this.open.values()) entry.span.end();
    this.open.clear();
  }

  get size(): number {
    return this.open.size;
  }
}
