import { type Context, diag, propagation } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { capBaggageValue } from './baggage.ts';
import { RUN_BAGGAGE_KEYS } from './keys.ts';

/**
 * Copies the allow-listed run keys (`gen_ai.agent.name`, `gen_ai.agent.call.id`,
 * `gen_ai.conversation.id`) from the parent context's baggage onto every span at start, so spans
 * made by any instrumentation (HTTP, DB, a user's own) inside a run — or in a downstream service that
 * received the baggage header — carry the run's ids. Unlike `@opentelemetry/baggage-span-processor`
 * it copies only these keys (baggage is user-controllable input) and caps their length.
 */
export class RunBaggageSpanProcessor implements SpanProcessor {
  private readonly keys: readonly string[];

  /** @param extraKeys further baggage keys to copy verbatim (exact names only). */
  constructor(extraKeys: readonly string[] = []) {
    this.keys = [...RUN_BAGGAGE_KEYS, ...extraKeys];
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const baggage = propagation.getBaggage(parentContext);
      if (!baggage) return;
      for (const key of this.keys) {
        const entry = baggage.getEntry(key);
        if (entry && entry.value !== '') span.setAttribute(key, capBaggageValue(entry.value));
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
