import { diag, metrics } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtlpTarget } from './endpoint.ts';
import { postOtlp } from './post.ts';
import { type Batch, Spool } from './spool.ts';

/** Options of the durable OTLP exporter (`delivery` in `setupTracing`). */
export interface DeliveryOptions {
  /**
   * Most bytes of unsent OTLP data kept (memory, and the spool dir when set); a batch that would go
   * over is dropped and counted. Default `CONVTRACE_EXPORT_MAX_QUEUE_BYTES`, else 64 MiB.
   */
  maxQueueBytes?: number;
  /**
   * Directory where unsent batches are kept so they survive a restart and are sent by the next
   * process (one process per directory). Default `CONVTRACE_SPOOL_DIR`; none when unset.
   */
  spoolDir?: string;
  /**
   * Longest wait for delivery at shutdown before giving up and saying how many spans were not
   * delivered (or were spooled). Default `CONVTRACE_SHUTDOWN_TIMEOUT_MS`, else 5000.
   */
  shutdownTimeoutMillis?: number;
}

/** Delivery counters of the durable exporter, readable from the tracing handle. */
export interface DeliveryStats {
  /** Spans the endpoint accepted. */
  readonly deliveredSpans: number;
  /** Spans waiting (in memory, and on disk when spooling). */
  readonly queuedSpans: number;
  /** Bytes waiting. */
  readonly queuedBytes: number;
  /** Spans dropped: over the byte bound, refused by the endpoint, or unsent at shutdown without a spool. */
  readonly droppedSpans: number;
}

const envNumber = (name: string): number | undefined => {
  const n = Number(process.env[name]);
  return process.env[name] && Number.isFinite(n) && n > 0 ? n : undefined;
};
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 5_000;
const WARN_EVERY_MS = 10_000;

/**
 * A span exporter that never drops a batch because the endpoint is down: each export is serialized
 * to OTLP/JSON, accepted into a byte-bounded queue (and the spool dir), and posted in order with
 * backoff retries until it is delivered. Only the bound, a refusal (4xx) or a shutdown without a
 * spool drop spans; each drop is counted (stats, `convtrace.exporter.dropped_spans` metric) and said
 * through `diag.warn`.
 */
export class DurableOtlpExporter implements SpanExporter {
  private readonly queue: Batch[] = [];
  private readonly spool: Spool | undefined;
  private readonly maxBytes: number;
  private readonly shutdownTimeoutMillis: number;
  private bytes = 0;
  private spans = 0;
  private delivered = 0;
  private dropped = 0;
  private seq = 0;
  private sending = false;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private lastDropWarn = 0;
  private readonly waiters: Array<() => void> = [];
  private readonly inFlight = new AbortController();
  private readonly target: OtlpTarget;

  constructor(target: OtlpTarget, options: DeliveryOptions = {}) {
    this.target = target;
    this.maxBytes =
      options.maxQueueBytes ?? envNumber('CONVTRACE_EXPORT_MAX_QUEUE_BYTES') ?? 64 * 1024 * 1024;
    this.shutdownTimeoutMillis =
      options.shutdownTimeoutMillis ?? envNumber('CONVTRACE_SHUTDOWN_TIMEOUT_MS') ?? 5_000;
    const dir = options.spoolDir ?? (process.env.CONVTRACE_SPOOL_DIR?.trim() || undefined);
    this.spool = dir ? new Spool(dir) : undefined;
    for (const batch of this.spool?.load() ?? []) {
      if (!this.admit(batch)) this.spool?.remove(batch.id);
    }
    if (this.queue.length > 0) {
      diag.info(`convtrace: ${this.spans} spooled spans from an earlier process queued for delivery`);
      this.pump();
    }
    metrics
      .getMeter('convtrace')
      .createObservableCounter('convtrace.exporter.dropped_spans', {
        description: 'Spans the durable exporter dropped (queue bound, refused, unsent at shutdown)',
      })
      .addCallback((result) => result.observe(this.dropped));
  }

  /** Current counters. */
  stats(): DeliveryStats {
    return {
      deliveredSpans: this.delivered,
      queuedSpans: this.spans,
      queuedBytes: this.bytes,
      droppedSpans: this.dropped,
    };
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      this.drop(spans.length, 'exporter already shut down');
      resultCallback({ code: ExportResultCode.FAILED });
      return;
    }
    let body: Uint8Array | undefined;
    try {
      body = JsonTraceSerializer.serializeRequest(spans);
    } catch (err) {
      diag.error('convtrace: serializing spans failed', err);
    }
    if (!body) {
      this.drop(spans.length, 'could not be serialized');
      resultCallback({ code: ExportResultCode.FAILED });
      return;
    }
    const batch: Batch = {
      id: this.spool?.nextId(this.seq++, spans.length) ?? String(this.seq++),
      body,
      spans: spans.length,
    };
    if (!this.admit(batch)) {
      // Counted and reported (rate-limited) by admit(); a FAILED result would make the batch
      // processor log a stack trace for every batch of a long outage on top of that.
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    try {
      this.spool?.write(batch);
    } catch (err) {
      diag.warn('convtrace: writing to the spool dir failed; the batch is kept in memory only', err);
    }
    // The queue owns the batch now; delivery is its job, not the batch processor's.
    resultCallback({ code: ExportResultCode.SUCCESS });
    this.pump();
  }

  /** Tries to deliver everything now; resolves when the queue is empty or after the shutdown bound. */
  async forceFlush(): Promise<void> {
    await this.drain(this.shutdownTimeoutMillis);
  }

  /** Waits (bounded) for delivery, then reports what is left: spooled for the next start, or lost. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    await this.drain(this.shutdownTimeoutMillis);
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.inFlight.abort();
    if (this.spans === 0) return;
    if (this.spool) {
      diag.warn(
        `convtrace: ${this.spans} spans not delivered to ${this.target.url} within ${this.shutdownTimeoutMillis} ms; ` +
          `kept in ${this.spool.dir}, sent by the next process using it`,
      );
    } else {
      const left = this.spans;
      this.dropped += left;
      diag.warn(
        `convtrace: ${left} spans could not be delivered to ${this.target.url} within ` +
          `${this.shutdownTimeoutMillis} ms and are lost (set CONVTRACE_SPOOL_DIR to keep them); ` +
          `${this.dropped} spans dropped in total`,
      );
    }
    this.queue.length = 0;
    this.spans = 0;
    this.bytes = 0;
  }

  /** Queues the batch unless it would go over the byte bound (then it is dropped and counted). */
  private admit(batch: Batch): boolean {
    if (this.bytes + batch.body.byteLength > this.maxBytes) {
      this.drop(batch.spans, `export queue full (${this.bytes} of ${this.maxBytes} bytes waiting)`);
      return false;
    }
    this.queue.push(batch);
    this.bytes += batch.body.byteLength;
    this.spans += batch.spans;
    return true;
  }

  private drop(count: number, why: string): void {
    this.dropped += count;
    const now = Date.now();
    // One line per burst, with the running total, instead of one per batch.
    if (now - this.lastDropWarn < WARN_EVERY_MS) return;
    this.lastDropWarn = now;
    diag.warn(`convtrace: dropped ${count} spans (${why}); ${this.dropped} spans dropped in total`);
  }

  private settle(): void {
    if (this.queue.length > 0) return;
    for (const w of this.waiters.splice(0)) w();
  }

  private async drain(timeoutMillis: number): Promise<void> {
    if (this.queue.length === 0) return;
    // Retry now rather than after the current backoff.
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.pump();
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.waiters.push(resolve);
      timer = setTimeout(resolve, timeoutMillis);
    });
    clearTimeout(timer);
  }

  private pump(): void {
    if (this.sending || this.stopped || this.retryTimer || this.queue.length === 0) return;
    this.sending = true;
    void this.sendHead();
  }

  private async sendHead(): Promise<void> {
    const batch = this.queue[0]!;
    const outcome = await postOtlp(this.target, batch.body, this.inFlight.signal);
    this.sending = false;
    // Shut down meanwhile: what is left was already reported (spooled or counted as dropped).
    if (this.stopped) return;
    if (outcome.ok || !outcome.retry) {
      this.queue.shift();
      this.bytes -= batch.body.byteLength;
      this.spans -= batch.spans;
      this.spool?.remove(batch.id);
      if (outcome.ok) {
        if (this.failures > 0) diag.info(`convtrace: OTLP endpoint ${this.target.url} reachable again`);
        this.failures = 0;
        this.delivered += batch.spans;
      } else {
        this.drop(batch.spans, `refused by ${this.target.url}: ${outcome.reason}`);
      }
      this.settle();
      this.pump();
      return;
    }
    if (this.failures === 0)
      diag.warn(
        `convtrace: OTLP endpoint ${this.target.url} unreachable (${outcome.reason}); ` +
          `keeping ${this.spans} spans queued and retrying`,
      );
    this.failures++;
    const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(this.failures - 1, 10));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.pump();
    }, delay);
    // A pending retry alone does not keep the process alive; exit paths flush with a bound instead.
    this.retryTimer.unref();
  }
}
