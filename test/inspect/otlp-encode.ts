import type { AttributeValue, SpanRecord } from '../../src/inspect/model/span-record.ts';
import { SPAN_KIND_NAMES, STATUS_CODE_NAMES } from '../../src/inspect/model/span-record.ts';

type AnyValue = Record<string, unknown>;

function anyValue(v: AttributeValue): AnyValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (v === null) return {};
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return {
    kvlistValue: { values: Object.entries(v).map(([key, value]) => ({ key, value: anyValue(value) })) },
  };
}

/** Test helper: span records → an OTLP/JSON `ExportTraceServiceRequest` (one resource per service). */
export function toOtlpJson(spans: readonly SpanRecord[]): { resourceSpans: unknown[] } {
  const byService = new Map<string, SpanRecord[]>();
  for (const s of spans) byService.set(s.serviceName, [...(byService.get(s.serviceName) ?? []), s]);
  return {
    resourceSpans: [...byService].map(([service, list]) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
      scopeSpans: [
        {
          scope: { name: 'convtrace-test' },
          spans: list.map((s) => ({
            traceId: s.traceId,
            spanId: s.spanId,
            ...(s.parentSpanId ? { parentSpanId: s.parentSpanId } : {}),
            name: s.name,
            kind: SPAN_KIND_NAMES.indexOf(s.kind),
            startTimeUnixNano: s.startTimeUnixNano,
            endTimeUnixNano: s.endTimeUnixNano,
            attributes: Object.entries(s.attributes).map(([key, value]) => ({ key, value: anyValue(value) })),
            events: s.events.map((e) => ({
              name: e.name,
              timeUnixNano: e.timeUnixNano,
              attributes: Object.entries(e.attributes).map(([key, value]) => ({
                key,
                value: anyValue(value),
              })),
            })),
            status: {
              code: STATUS_CODE_NAMES.indexOf(s.status.code),
              ...(s.status.message ? { message: s.status.message } : {}),
            },
          })),
        },
      ],
    })),
  };
}

/** POSTs OTLP/JSON to a receiver's `/v1/traces`; returns the status. */
export async function postOtlpJson(tracesUrl: string, spans: readonly SpanRecord[]): Promise<number> {
  const res = await fetch(tracesUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(toOtlpJson(spans)),
  });
  await res.arrayBuffer();
  return res.status;
}
