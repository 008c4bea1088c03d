import { diag, type Span } from '@opentelemetry/api';

/**
 * The OTel spans a bridge has open, by the framework's own span / run id. An entry may stand for a
 * span it does not own (`owned: false`: a framework step mapped onto its parent's span). Bounded: a
 * framework that never reports the end of its steps cannot grow it without limit — past `max` the
 * oldest entry is dropped (its span ended if owned), counted in {@link dropped} and reported through
 * `diag`.
 */
export class SpanTable<T extends { span: Span; owned: boolean }> {
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
        const entry = this.open.get(oldest.value);
        if (entry?.owned) entry.span.end();
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
    for (const entry of this.open.values()) if (entry.owned) entry.span.end();
    this.open.clear();
  }

  get size(): number {
    return this.open.size;
  }
}
