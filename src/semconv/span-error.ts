import { diag, type Span, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

/**
 * Marks `span` failed: ERROR status with the message, `error.type` = the error's class name, and
 * (unless `recordException` is false) an `exception` event. Never throws.
 */
export function recordSpanError(span: Span, err: unknown, recordException = true): Error {
  const error = err instanceof Error ? err : new Error(String(err));
  try {
    span.setAttribute(ATTR_ERROR_TYPE, error.name || 'Error');
    span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    if (recordException) span.recordException(error);
  } catch (e) {
    diag.error('convtrace: recording a span failure failed', e);
  }
  return error;
}
