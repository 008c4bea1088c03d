/**
 * The one span shape the inspector works on. Spans from the built-in OTLP receiver (protobuf or JSON)
 * and from Jaeger's api_v3 are both normalised into it, so grouping and views never know their source.
 */

/** An attribute value after normalisation: OTLP `AnyValue` mapped to plain JSON. */
export type AttributeValue = string | number | boolean | null | AttributeValue[] | AttributeMap;

/** A flat-keyed attribute record (`kvlistValue` nests as a map). */
export interface AttributeMap {
  [key: string]: AttributeValue;
}

/** OTLP span kind, by name. */
export type SpanKindName = 'unspecified' | 'internal' | 'server' | 'client' | 'producer' | 'consumer';

/** OTLP status code, by name. */
export type StatusCodeName = 'unset' | 'ok' | 'error';

/** A span event (e.g. `gen_ai.client.inference.operation.details` or an `exception`). */
export interface SpanEventRecord {
  /** Event name. */
  name: string;
  /** Nanoseconds since the Unix epoch, as a decimal string (int64 does not fit a JS number). */
  timeUnixNano: string;
  /** Event attributes. */
  attributes: AttributeMap;
}

/** One span, normalised. Ids are lowercase hex; times are decimal nanosecond strings. */
export interface SpanRecord {
  /** 32 lowercase hex characters. */
  traceId: string;
  /** 16 lowercase hex characters. */
  spanId: string;
  /** Parent span id, or null for a root span. */
  parentSpanId: string | null;
  /** Span name. */
  name: string;
  /** Span kind. */
  kind: SpanKindName;
  /** Start, nanoseconds since the epoch (decimal string). */
  startTimeUnixNano: string;
  /** End, nanoseconds since the epoch (decimal string). */
  endTimeUnixNano: string;
  /** Status code and optional message. */
  status: { code: StatusCodeName; message?: string };
  /** Span attributes. */
  attributes: AttributeMap;
  /** `service.name` of the span's resource (`unknown_service` when absent). */
  serviceName: string;
  /** Span events. */
  events: SpanEventRecord[];
}

/** OTLP kind number → name (unknown numbers map to `unspecified`). */
export const SPAN_KIND_NAMES: readonly SpanKindName[] = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
];

/** OTLP status code number → name. */
export const STATUS_CODE_NAMES: readonly StatusCodeName[] = ['unset', 'ok', 'error'];

/** Milliseconds since the epoch (microsecond precision) for a decimal nanosecond string. */
export function nanosToMillis(ns: string): number {
  // Split instead of BigInt: this runs for every span on every render.
  const len = ns.length;
  if (len <= 6) return Number(ns) / 1e6;
  return Number(ns.slice(0, len - 3)) / 1000;
}

/** A string attribute, or undefined when absent or not a string. */
export function stringAttr(attrs: AttributeMap, key: string): string | undefined {
  const v = attrs[key];
  return typeof v === 'string' ? v : undefined;
}

/** A numeric attribute (numbers, and integer strings beyond 2^53), or undefined. */
export function numberAttr(attrs: AttributeMap, key: string): number | undefined {
  const v = attrs[key];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return undefined;
}
