import { ConvtraceError } from '../../errors.ts';

/** An OTLP payload (JSON or protobuf) could not be decoded. `field` names the first bad field. */
export class OtlpDecodeError extends ConvtraceError {
  override readonly name = 'OtlpDecodeError';
  /** Path of the offending field, e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`invalid OTLP payload at ${field || '<root>'}: ${message}`);
    this.field = field;
  }
}

/** A span source (Jaeger, the local store) failed to answer. */
export class SpanSourceError extends ConvtraceError {
  override readonly name = 'SpanSourceError';
  /** HTTP status when the backend answered, otherwise undefined (e.g. connection refused). */
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}
