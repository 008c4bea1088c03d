import { ConvtraceError, RequestError } from '../../errors.ts';

/** An OTLP payload (JSON or protobuf) could not be decoded. `field` names the first bad field. */
export class OtlpDecodeError extends ConvtraceError {
  /** Path of the offending field, e.g. `resourceSpans[0].scopeSpans[0].spans[3].traceId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`invalid OTLP payload at ${field || '<root>'}: ${message}`);
    this.field = field;
  }
}

/**
 * An export over one of the receiver's per-request limits (spans, attributes per span, parent-chain
 * depth, share of the store): answered 400 with an OTLP `Status` naming the limit and both numbers, and
 * nothing of it stored. `field` is the limit's option name, e.g. `maxSpansPerRequest`.
 */
export class RequestLimitError extends RequestError {
  /** The limit. */
  readonly max: number;
  /** What the request had. */
  readonly actual: number;

  constructor(limit: string, max: number, actual: number, what: string) {
    super(400, limit, `${what}: ${actual} is over the limit of ${max} (${limit})`);
    this.max = max;
    this.actual = actual;
  }
}
