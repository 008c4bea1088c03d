import {
  type AttributeMap,
  type AttributeValue,
  SPAN_KIND_NAMES,
  type SpanEventRecord,
  type SpanKindName,
  type SpanRecord,
  STATUS_CODE_NAMES,
  type StatusCodeName,
} from '../model/span-record.ts';
import { OtlpDecodeError } from './errors.ts';

/**
 * Normalises the OTLP/JSON encoding of traces (an `ExportTraceServiceRequest`, or a `TracesData` as
 * Jaeger's api_v3 returns it) into {@link SpanRecord}s. Follows the OTLP/JSON mapping: hex ids, int64
 * as decimal strings, enums as integers (enum names are accepted too). Anything else is an
 * {@link OtlpDecodeError} naming the field — never a crash.
 */

const MAX_VALUE_DEPTH = 16;
const HEX_RE = /^[0-9a-fA-F]+$/;
const BASE64_RE = /^[A-Za-z0-9+/]+={0,2}$/;
const UINT_RE = /^\d{1,20}$/;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function arrayAt(obj: Json, key: string, path: string): unknown[] {
  const v = obj[key];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new OtlpDecodeError(path ? `${path}.${key}` : key, 'expected an array');
  return v;
}

function objectAt(v: unknown, path: string): Json {
  if (!isObject(v)) throw new OtlpDecodeError(path, 'expected an object');
  return v;
}

/** Decodes an OTLP/JSON id (hex; base64 tolerated) of `bytes` length into lowercase hex. */
export function decodeId(v: unknown, bytes: number, path: string, optional: boolean): string | null {
  if (v === undefined || v === null || v === '') {
    if (optional) return null;
    throw new OtlpDecodeError(path, 'is required');
  }
  if (typeof v !== 'string') throw new OtlpDecodeError(path, 'expected a hex string');
  let hex: string;
  if (v.length === bytes * 2 && HEX_RE.test(v)) hex = v.toLowerCase();
  else if (v.length === Math.ceil(bytes / 3) * 4 && BASE64_RE.test(v)) {
    const buf = Buffer.from(v, 'base64');
    if (buf.length !== bytes) throw new OtlpDecodeError(path, `expected ${bytes} bytes`);
    hex = buf.toString('hex');
  } else throw new OtlpDecodeError(path, `expected ${bytes * 2} hex characters`);
  if (/^0+$/.test(hex)) {
    if (optional) return null;
    throw new OtlpDecodeError(path, 'must not be all zeros');
  }
  return hex;
}

function decodeNanos(v: unknown, path: string): string {
  if (v === undefined || v === null) return '0';
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && UINT_RE.test(v)) return v.replace(/^0+(?=\d)/, '');
  throw new OtlpDecodeError(path, 'expected a non-negative integer (nanoseconds)');
}

function decodeEnum(v: unknown, names: readonly string[], prefix: string, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v >= 0 && v < names.length ? v : 0;
  if (typeof v === 'string') {
    const idx = names.findIndex((n) => `${prefix}${n.toUpperCase()}` === v);
    if (idx >= 0) return idx;
  }
  throw new OtlpDecodeError(path, 'expected an enum number');
}

/** Converts an OTLP `AnyValue` JSON object to a plain value. */
export function decodeAnyValue(v: unknown, path: string, depth = 0): AttributeValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError(path, 'value nested too deeply');
  if (v === undefined || v === null) return null;
  const o = objectAt(v, path);
  if ('stringValue' in o) {
    if (typeof o.stringValue !== 'string')
      throw new OtlpDecodeError(`${path}.stringValue`, 'expected a string');
    return o.stringValue;
  }
  if ('boolValue' in o) {
    if (typeof o.boolValue !== 'boolean')
      throw new OtlpDecodeError(`${path}.boolValue`, 'expected a boolean');
    return o.boolValue;
  }
  if ('intValue' in o) {
    const iv = o.intValue;
    if (typeof iv === 'number' && Number.isInteger(iv)) return iv;
    if (typeof iv === 'string' && /^-?\d{1,20}$/.test(iv)) {
      const n = Number(iv);
      return Number.isSafeInteger(n) ? n : iv;
    }
    throw new OtlpDecodeError(`${path}.intValue`, 'expected an integer');
  }
  if ('doubleValue' in o) {
    const dv = o.doubleValue;
    if (typeof dv === 'number') return dv;
    if (typeof dv === 'string' && dv.trim() !== '' && !Number.isNaN(Number(dv))) return Number(dv);
    if (dv === 'NaN' || dv === 'Infinity' || dv === '-Infinity') return dv;
    throw new OtlpDecodeError(`${path}.doubleValue`, 'expected a number');
  }
  if ('bytesValue' in o) {
    if (typeof o.bytesValue !== 'string') throw new OtlpDecodeError(`${path}.bytesValue`, 'expected base64');
    return o.bytesValue;
  }
  if ('arrayValue' in o) {
    const av = o.arrayValue === null ? {} : objectAt(o.arrayValue, `${path}.arrayValue`);
    return arrayAt(av, 'values', `${path}.arrayValue`).map((item, i) =>
      decodeAnyValue(item, `${path}.arrayValue.values[${i}]`, depth + 1),
    );
  }
  if ('kvlistValue' in o) {
    const kv = o.kvlistValue === null ? {} : objectAt(o.kvlistValue, `${path}.kvlistValue`);
    return decodeAttributes(kv, 'values', `${path}.kvlistValue`, depth + 1);
  }
  return null;
}

/** Decodes a `KeyValue[]` field of `obj` into a map (later duplicates win). */
export function decodeAttributes(obj: Json, key: string, path: string, depth = 0): AttributeMap {
  const out: AttributeMap = {};
  const list = arrayAt(obj, key, path);
  for (let i = 0; i < list.length; i++) {
    const p = `${path}.${key}[${i}]`;
    const kv = objectAt(list[i], p);
    if (typeof kv.key !== 'string') throw new OtlpDecodeError(`${p}.key`, 'expected a string');
    // `__proto__` and friends must stay plain data keys.
    Object.defineProperty(out, kv.key, {
      value: decodeAnyValue(kv.value, `${p}.value`, depth),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

function decodeSpan(s: Json, path: string, serviceName: string): SpanRecord {
  const kindIdx = decodeEnum(s.kind, SPAN_KIND_NAMES, 'SPAN_KIND_', `${path}.kind`);
  const status = s.status === undefined || s.status === null ? {} : objectAt(s.status, `${path}.status`);
  const codeIdx = decodeEnum(status.code, STATUS_CODE_NAMES, 'STATUS_CODE_', `${path}.status.code`);
  if (status.message !== undefined && status.message !== null && typeof status.message !== 'string') {
    throw new OtlpDecodeError(`${path}.status.message`, 'expected a string');
  }
  if (s.name !== undefined && typeof s.name !== 'string')
    throw new OtlpDecodeError(`${path}.name`, 'expected a string');
  const events: SpanEventRecord[] = arrayAt(s, 'events', path).map((ev, i) => {
    const ep = `${path}.events[${i}]`;
    const e = objectAt(ev, ep);
    if (e.name !== undefined && typeof e.name !== 'string')
      throw new OtlpDecodeError(`${ep}.name`, 'expected a string');
    return {
      name: (e.name as string | undefined) ?? '',
      timeUnixNano: decodeNanos(e.timeUnixNano, `${ep}.timeUnixNano`),
      attributes: decodeAttributes(e, 'attributes', ep),
    };
  });
  const record: SpanRecord = {
    traceId: decodeId(s.traceId, 16, `${path}.traceId`, false)!,
    spanId: decodeId(s.spanId, 8, `${path}.spanId`, false)!,
    parentSpanId: decodeId(s.parentSpanId, 8, `${path}.parentSpanId`, true),
    name: (s.name as string | undefined) ?? '',
    kind: SPAN_KIND_NAMES[kindIdx] as SpanKindName,
    startTimeUnixNano: decodeNanos(s.startTimeUnixNano, `${path}.startTimeUnixNano`),
    endTimeUnixNano: decodeNanos(s.endTimeUnixNano, `${path}.endTimeUnixNano`),
    status: { code: STATUS_CODE_NAMES[codeIdx] as StatusCodeName },
    attributes: decodeAttributes(s, 'attributes', path),
    serviceName,
    events,
  };
  if (typeof status.message === 'string' && status.message !== '') record.status.message = status.message;
  return record;
}

/**
 * Decodes a parsed OTLP/JSON traces document (`{ resourceSpans: [...] }`) into span records.
 * @throws OtlpDecodeError naming the first bad field.
 */
export function spansFromOtlpJson(doc: unknown): SpanRecord[] {
  const root = objectAt(doc, '');
  const out: SpanRecord[] = [];
  const resourceSpans = arrayAt(root, 'resourceSpans', '');
  for (let r = 0; r < resourceSpans.length; r++) {
    const rp = `resourceSpans[${r}]`;
    const rs = objectAt(resourceSpans[r], rp);
    const resource =
      rs.resource === undefined || rs.resource === null ? {} : objectAt(rs.resource, `${rp}.resource`);
    const resAttrs = decodeAttributes(resource, 'attributes', `${rp}.resource`);
    const svc = resAttrs['service.name'];
    const serviceName = typeof svc === 'string' && svc !== '' ? svc : 'unknown_service';
    const scopeSpans = arrayAt(rs, 'scopeSpans', rp);
    for (let s = 0; s < scopeSpans.length; s++) {
      const sp = `${rp}.scopeSpans[${s}]`;
      const ss = objectAt(scopeSpans[s], sp);
      const spans = arrayAt(ss, 'spans', sp);
      for (let i = 0; i < spans.length; i++) {
        const p = `${sp}.spans[${i}]`;
        out.push(decodeSpan(objectAt(spans[i], p), p, serviceName));
      }
    }
  }
  return out;
}
