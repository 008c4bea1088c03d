/**
 * run/span.ts withSpan: the one helper that starts, activates, fails and ends every convtrace span
 * (agents-core's `_withSpanFactory`). Each rule below fails if the helper stops doing it.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { withSpan } from '../../src/run/span.ts';
import { captureSpans } from '../../src/testing/index.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());
beforeEach(() => capture.reset());

const ids = { agentName: 'a', runId: 'r-1', conversationId: 'c-1' };

describe('withSpan', () => {
  it('the span is active while fn runs (sync or async) and ended once after', async () => {
    const out = await withSpan('outer', { kind: SpanKind.CLIENT }, async (span) => {
      expect(trace.getActiveSpan()).toBe(span);
      await new Promise((r) => setTimeout(r, 1));
      expect(trace.getActiveSpan()).toBe(span);
      return withSpan('inner', {}, (inner) => inner.spanContext().spanId);
    });
    const [inner, outer] = capture.spans();
    expect(outer!.name).toBe('outer');
    expect(outer!.kind).toBe(SpanKind.CLIENT);
    expect(inner!.parentSpanContext?.spanId).toBe(outer!.spanContext().spanId);
    expect(out).toBe(inner!.spanContext().spanId);
    expect(capture.spans()).toHaveLength(2);
    expect(trace.getActiveSpan()).toBeUndefined();
  });

  it('a thrown error is recorded (status, error.type, exception event), rethrown, and the span ended', async () => {
    class BoomError extends Error {
      override name = 'BoomError';
    }
    await expect(
      withSpan('failing', {}, () => {
        throw new BoomError('boom');
      }),
    ).rejects.toThrow('boom');
    const [span] = capture.spans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(span!.attributes['error.type']).toBe('BoomError');
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
    expect(span!.ended).toBe(true);
  });

  it('run baggage rides only inside fn, and only when the span records', async () => {
    const seen = await withSpan(
      'run',
      {},
      () => propagation.getBaggage(context.active())?.getAllEntries(),
      ids,
    );
    expect(seen?.map(([k, v]) => [k, v.value])).toEqual([
      ['gen_ai.agent.name', 'a'],
      ['gen_ai.agent.call.id', 'r-1'],
      ['gen_ai.conversation.id', 'c-1'],
    ]);
    expect(propagation.getBaggage(context.active())).toBeUndefined();
    // Under a non-recording (unsampled) parent the child does not record: no baggage.
    const unsampled = trace.wrapSpanContext({
      traceId: '1'.repeat(32),
      spanId: '2'.repeat(16),
      traceFlags: 0,
    });
    const none = await context.with(trace.setSpan(context.active(), unsampled), () =>
      withSpan('run', {}, () => propagation.getBaggage(context.active()), ids),
    );
    expect(none).toBeUndefined();
  });
});
