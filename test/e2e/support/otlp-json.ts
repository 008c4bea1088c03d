/**
 * OTLP/JSON request bodies built by hand, for what the OTel JS SDK cannot produce: map (kvlist)
 * attribute values, arrays inside maps, resource attributes per span. The collector's OTLP/HTTP
 * receiver takes them as any SDK's request (`Content-Type: application/json`).
 */
import { randomBytes } from 'node:crypto';

/** A plain value as it becomes an OTLP `AnyValue`: strings, ints, bools, arrays, maps. */
export type PlainValue = string | number | boolean | PlainValue[] | { [key: string]: PlainValue };

/** OTLP/JSON `AnyValue`. */
export type AnyValue =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: AnyValue[] } }
  | { kvlistValue: { values: KeyValue[] } };

/** OTLP/JSON `KeyValue`. */
export interface KeyValue {
  key: string;
  value: AnyValue;
}

/** Converts a plain value to OTLP/JSON (integers become `intValue`, other numbers `doubleValue`). */
export function anyValue(value: PlainValue): AnyValue {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  }
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  return { kvlistValue: { values: attributes(value) } };
}

/** Converts a record to an OTLP/JSON attribute list. */
export function attributes(record: Record<string, PlainValue>): KeyValue[] {
  return Object.entries(record).map(([key, value]) => ({ key, value: anyValue(value) }));
}

/** A random id of `bytes` bytes as lower-case hex (trace id: 16, span id: 8). */
export function hexId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** One span with one event, as {@link resourceSpans} wraps it. */
export interface SpanSpec {
  traceId: string;
  name: string;
  attributes: Record<string, PlainValue>;
  statusMessage?: string;
  event?: { name: string; attributes: Record<string, PlainValue> };
}

/** One `resourceSpans` entry holding one span (so every span can have its own resource attributes). */
export function resourceSpans(resource: Record<string, PlainValue>, span: SpanSpec): unknown {
  const startNs = BigInt(Date.now()) * 1_000_000n;
  return {
    resource: { attributes: attributes(resource) },
    scopeSpans: [
      {
        scope: { name: 'convtrace-e2e-otlp-json' },
        spans: [
          {
            traceId: span.traceId,
            spanId: hexId(8),
            name: span.name,
            kind: 1,
            startTimeUnixNano: String(startNs),
            endTimeUnixNano: String(startNs + 1_000_000n),
            attributes: attributes(span.attributes),
            events: span.event
              ? [
                  {
                    timeUnixNano: String(startNs + 500_000n),
                    name: span.event.name,
                    attributes: attributes(span.event.attributes),
                  },
                ]
              : [],
            status: span.statusMessage === undefined ? {} : { code: 2, message: span.statusMessage },
          },
        ],
      },
    ],
  };
}

/** POSTs an OTLP/JSON `ExportTraceServiceRequest` and fails unless the receiver answers 200. */
export async function postOtlpJson(url: string, entries: unknown[]): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resourceSpans: entries }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`OTLP/JSON POST ${url}: HTTP ${res.status} ${body}`);
}
