import { type Context, diag, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { ConversationSampler } from './sampling.ts';
import { traceIdKept } from './trace-id-ratio.ts';

/** Most ended tentative spans held for one trace while its conversation is unknown. */
const MAX_BUFFERED_PER_TRACE = 512;
/** Most traces held tentative at once (each until its local root ends). */
const MAX_TENTATIVE_TRACES = 10_000;
/** Decisions remembered after a tentative root ended, for children that end after it. */
const MAX_SETTLED = 1_024;

interface Tentative {
  rootSpanId: string;
  buffer: ReadableSpan[];
  decision: boolean | undefined;
}

/** The span as exported: same data, sampled flag set (its trace was kept after it started). */
function promoted(span: ReadableSpan): ReadableSpan {
  const sc = span.spanContext();
  const flagged = { ...sc, traceFlags: sc.traceFlags | TraceFlags.SAMPLED };
  return Object.create(span, { spanContext: { value: () => flagged } }) as ReadableSpan;
}

/**
 * Completes {@link ConversationSampler}'s deferred decisions. Wraps the exporting processor (a
 * `BatchSpanProcessor`): sampled spans pass straight through; the tentative spans of a trace whose
 * root started before its conversation id was known are held until a descendant decides — kept:
 * they are exported as sampled; dropped: discarded — or, if no conversation ever shows up, until
 * the local root ends and the sampler's `fallbackRatio` decides. Held spans are bounded; what is
 * dropped for the bound is counted ({@link droppedSpans}) and reported through `diag`.
 */
export class DeferredSamplingSpanProcessor implements SpanProcessor {
  private readonly inner: SpanProcessor;
  private readonly fallbackRatio: number;
  private readonly tentative = new Map<string, Tentative>();
  private readonly settled = new Map<string, boolean>();
  private droppedCount = 0;

  constructor(inner: SpanProcessor, sampler: ConversationSampler) {
    this.inner = inner;
    this.fallbackRatio = sampler.fallbackRatio;
    sampler.observeDeferred((traceId, kept) => this.decide(traceId, kept));
  }

  /** Tentative spans dropped because a bound was hit (not those of dropped conversations). */
  get droppedSpans(): number {
    return this.droppedCount;
  }

  onStart(span: Span, parentContext: Context): void {
    this.inner.onStart(span, parentContext);
    try {
      const sc = span.spanContext();
      if (sc.traceFlags & TraceFlags.SAMPLED) {
        // A kept span inside a tentative trace: the conversation was kept, so is the trace.
        if (this.tentative.has(sc.traceId)) this.decide(sc.traceId, true);
        return;
      }
      const parent = span.parentSpanContext;
      if ((!parent || parent.isRemote) && !this.tentative.has(sc.traceId)) {
        if (this.tentative.size >= MAX_TENTATIVE_TRACES) this.drop(1);
        else this.tentative.set(sc.traceId, { rootSpanId: sc.spanId, buffer: [], decision: undefined });
      }
    } catch (err) {
      diag.error('convtrace: deferred sampling onStart failed', err);
    }
  }

  onEnd(span: ReadableSpan): void {
    const sc = span.spanContext();
    if (sc.traceFlags & TraceFlags.SAMPLED) {
      this.inner.onEnd(span);
      return;
    }
    try {
      const state = this.tentative.get(sc.traceId);
      if (!state) {
        if (this.settled.get(sc.traceId) === true) this.inner.onEnd(promoted(span));
        return;
      }
      if (state.decision === true) this.inner.onEnd(promoted(span));
      else if (state.decision === undefined) {
        if (state.buffer.length < MAX_BUFFERED_PER_TRACE) state.buffer.push(span);
        else this.drop(1);
      }
      if (sc.spanId === state.rootSpanId) {
        if (state.decision === undefined)
          this.decide(sc.traceId, traceIdKept(sc.traceId, this.fallbackRatio));
        this.tentative.delete(sc.traceId);
        this.settled.set(sc.traceId, state.decision === true);
        if (this.settled.size > MAX_SETTLED) this.settled.delete(this.settled.keys().next().value as string);
      }
    } catch (err) {
      diag.error('convtrace: deferred sampling onEnd failed', err);
    }
  }

  private decide(traceId: string, kept: boolean): void {
    const state = this.tentative.get(traceId);
    if (!state || state.decision !== undefined) return;
    state.decision = kept;
    const held = state.buffer;
    state.buffer = [];
    if (kept) for (const span of held) this.inner.onEnd(promoted(span));
  }

  private drop(count: number): void {
    this.droppedCount += count;
    if (this.droppedCount === count || this.droppedCount % 1000 === 0)
      diag.warn(`convtrace: deferred sampling dropped ${this.droppedCount} span(s) past its bounds`);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }

  shutdown(): Promise<void> {
    // Spans still held belong to traces whose root never ended: decide them by the fallback now.
    for (const [traceId, state] of this.tentative) {
      if (state.decision === undefined) this.decide(traceId, traceIdKept(traceId, this.fallbackRatio));
    }
    this.tentative.clear();
    return this.inner.shutdown();
  }
}
