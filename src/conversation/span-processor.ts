import { type Context, diag, propagation, SpanKind } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { capBaggageValue } from './baggage.ts';
import { acceptsInbound, type BaggagePolicy, isRejectedBaggage, rejectBaggage } from './baggage-policy.ts';
import { RUN_BAGGAGE_KEYS } from './keys.ts';

/** Options of {@link RunBaggageSpanProcessor}. */
export interface RunBaggageSpanProcessorOptions {
  /** Further baggage keys to copy verbatim (exact names only). */
  extraKeys?: readonly string[];
  /** Inbound policy: whose baggage may reach spans (see {@link BaggagePolicy.incoming}). */
  baggagePolicy?: BaggagePolicy;
  /**
   * Further attribute keys a copied key's value is also written under, e.g.
   * `{ 'gen_ai.agent.call.id': ['gen_ai.agent.invocation.id'] }` (what `setupTracing` passes under
   * `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental`).
   */
  aliases?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Copies the allow-listed run keys (`gen_ai.agent.name`, `gen_ai.agent.call.id`,
 * `gen_ai.conversation.id`) from the parent context's baggage onto every span at start, so spans
 * made by any instrumentation (HTTP, DB, a user's own) inside a run — or in a downstream service that
 * received the baggage header — carry the run's ids. Unlike `@opentelemetry/baggage-span-processor`
 * it copies only these keys (baggage is user-controllable input), caps their length, and applies the
 * inbound baggage policy at the service edge (the server span), before any id reaches a span.
 */
export class RunBaggageSpanProcessor implements SpanProcessor {
  private readonly keys: readonly string[];
  /** `aliasesOf[i]`: the further keys `keys[i]` is written under (resolved once, not per span). */
  private readonly aliasesOf: ReadonlyArray<readonly string[]>;
  private readonly policy: BaggagePolicy;

  /** @param options further keys to copy (an array, as before) or {@link RunBaggageSpanProcessorOptions}. */
  constructor(options: readonly string[] | RunBaggageSpanProcessorOptions = []) {
    const opts: RunBaggageSpanProcessorOptions = Array.isArray(options)
      ? { extraKeys: options as readonly string[] }
      : (options as RunBaggageSpanProcessorOptions);
    this.keys = [...RUN_BAGGAGE_KEYS, ...(opts.extraKeys ?? [])];
    this.aliasesOf = this.keys.map((k) => opts.aliases?.[k] ?? []);
    this.policy = opts.baggagePolicy ?? {};
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const baggage = propagation.getBaggage(parentContext);
      if (!baggage || isRejectedBaggage(baggage)) return;
      // The service edge: a server span whose parent (if any) is another process's.
      const edge =
        span.kind === SpanKind.SERVER && (!span.parentSpanContext || span.parentSpanContext.isRemote);
      if (edge && !acceptsInbound(this.policy, span.attributes)) {
        rejectBaggage(baggage);
        return;
      }
      for (let i = 0; i < this.keys.length; i++) {
        const key = this.keys[i]!;
        const entry = baggage.getEntry(key);
        if (!entry || entry.value === '') continue;
        const value = capBaggageValue(entry.value);
        span.setAttribute(key, value);
        for (const alias of this.aliasesOf[i]!) span.setAttribute(alias, value);
      }
    } catch (err) {
      diag.error('convtrace: copying run baggage onto a span failed', err);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
