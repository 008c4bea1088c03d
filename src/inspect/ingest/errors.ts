import { ConvtraceError } from '../../errors.ts';

/** An OTLP payload (JSON or protobuf) could not be decoded. `field` names the first bad field. */
export class OtlpDecodeError extends ConvtraceError {
  /** Path of the offending field, e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`invalid OTLP payload at ${field || '<root>'}: ${message}`);
    this.field = field;
  }
}
