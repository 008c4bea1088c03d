import { context, type Span, type SpanOptions, trace } from '@opentelemetry/api';
import { type RunBaggage, withRunBaggage } from '../conversation/baggage.ts';
import { TRACER_NAME } from '../semconv/attributes.ts';
import { recordSpanError } from '../semconv/span-error.ts';

/**
 * The one place convtrace's own spans (`invoke_agent`, `chat`, `execute_tool`) are started, made
 * active, failed and ended — agents-core's `_withSpanFactory`. Starts `name` as a child of the active
 * context, runs `fn` with the span active, records a thrown error (ERROR status, `error.type`, an
 * `exception` event) and rethrows it, and ends the span whatever happens.
 *
 * `runBaggage`, when given, also puts the run's three ids in W3C baggage for `fn`'s duration — only
 * while the span is recording, as pydantic-ai does, so unsampled runs add nothing to outgoing headers.
 * Errors `fn` handles itself (a tool's `ModelRetry`) are its to record.
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  fn: (span: Span) => Promise<T> | T,
  runBaggage?: RunBaggage,
): Promise<T> {
  const parent = context.active();
  const span = trace.getTracer(TRACER_NAME).startSpan(name, options, parent);
  let ctx = trace.setSpan(parent, span);
  if (runBaggage !== undefined && span.isRecording()) ctx = withRunBaggage(ctx, runBaggage);
  try {
    return await context.with(ctx, fn, undefined, span);
  } catch (err) {
    recordSpanError(span, err);
    throw err;
  } finally {
    span.end();
  }
}
