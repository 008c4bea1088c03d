import type { SpanRecord } from '../model/span-record.ts';
import { RequestLimitError } from './errors.ts';

/** Per-request limits of the receiver; an export over one is refused whole (400, nothing stored). */
export interface RequestLimits {
  /** Spans in one export request. Default 50,000. */
  maxSpansPerRequest?: number;
  /** Attributes on one span. Default 1,024. */
  maxAttributesPerSpan?: number;
  /** Longest parent chain among the request's spans (a root alone is 1). Default 10,000. */
  maxParentDepth?: number;
}

/** Defaults of {@link RequestLimits}. */
export const DEFAULT_REQUEST_LIMITS: Required<RequestLimits> = {
  maxSpansPerRequest: 50_000,
  maxAttributesPerSpan: 1024,
  maxParentDepth: 10_000,
};

/** Throws {@link RequestLimitError} when `count` spans are over `maxSpansPerRequest` (checked before decoding too). */
export function checkSpanCount(count: number, limits: RequestLimits = {}): void {
  const max = limits.maxSpansPerRequest ?? DEFAULT_REQUEST_LIMITS.maxSpansPerRequest;
  if (count > max) throw new RequestLimitError('maxSpansPerRequest', max, count, 'spans in the request');
}

/** Throws {@link RequestLimitError} for the first limit `spans` goes over. */
export function checkRequestLimits(spans: readonly SpanRecord[], limits: RequestLimits = {}): void {
  const l = { ...DEFAULT_REQUEST_LIMITS, ...limits };
  checkSpanCount(spans.length, l);
  for (const s of spans) {
    const n = Object.keys(s.attributes).length;
    if (n > l.maxAttributesPerSpan)
      throw new RequestLimitError(
        'maxAttributesPerSpan',
        l.maxAttributesPerSpan,
        n,
        `attributes on span ${s.spanId}`,
      );
  }
  const depth = deepestChain(spans);
  if (depth > l.maxParentDepth)
    throw new RequestLimitError(
      'maxParentDepth',
      l.maxParentDepth,
      depth,
      'parent-chain depth in the request',
    );
}

/** Longest parent chain among `spans` (parents outside the request end a chain; a cycle counts once round). */
function deepestChain(spans: readonly SpanRecord[]): number {
  const byKey = new Map<string, SpanRecord>();
  for (const s of spans) byKey.set(`${s.traceId}/${s.spanId}`, s);
  const depth = new Map<SpanRecord, number>();
  let max = 0;
  for (const start of spans) {
    // Iterative: walk up to a span of known depth (or the top), then number the walk downwards.
    const path: SpanRecord[] = [];
    const onPath = new Set<SpanRecord>();
    let cur: SpanRecord | undefined = start;
    let base = 0;
    while (cur) {
      const known = depth.get(cur);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onPath.has(cur)) break;
      onPath.add(cur);
      path.push(cur);
      cur = cur.parentSpanId ? byKey.get(`${cur.traceId}/${cur.parentSpanId}`) : undefined;
    }
    for (let i = path.length - 1; i >= 0; i--) depth.set(path[i]!, ++base);
    max = Math.max(max, base);
  }
  return max;
}
