/**
 * Per-request limits of the built-in receiver (issue 18): spans per request, attributes per span and
 * parent-chain depth, each refused whole with a 400 and an OTLP `Status` (google.rpc.Status JSON) that
 * names the limit and both numbers — nothing of a refused request is stored.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countOtlpProtobufSpans,
  encodeOtlpProtobufRequest,
  spansFromOtlpProtobuf,
} from '../../src/inspect/ingest/otlp-proto.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/inspect/ingest/otlp-receiver.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { demoConversation, span, T0 } from './fixtures.ts';
import { toOtlpJson } from './otlp-encode.ts';

const id = (i: number) => (i + 1).toString(16).padStart(16, '0');

function chain(length: number, traceChar: string, attributes: SpanRecord['attributes'] = {}): SpanRecord[] {
  return Array.from({ length }, (_, i) =>
    span({
      traceId: traceChar.repeat(32),
      spanId: id(i),
      parent: i === 0 ? null : id(i - 1),
      name: `s${i}`,
      start: T0 + i,
      end: T0 + 100,
      attributes: { 'gen_ai.conversation.id': `conv-${traceChar}`, ...attributes },
    }),
  );
}

interface StatusBody {
  code: number;
  message: string;
  details: Array<{ '@type': string; metadata: { limit: string; max: string; actual: string } }>;
}

describe('receiver per-request limits', () => {
  let dir: string;
  let store: SpanStore;
  let receiver: OtlpReceiver;
  const post = async (spans: SpanRecord[]) => {
    const res = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toOtlpJson(spans)),
    });
    return { status: res.status, body: (await res.json()) as StatusBody };
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-limits-'));
    store = await SpanStore.open({ dataDir: dir, fsync: false });
    receiver = await startOtlpReceiver({
      port: 0,
      limits: { maxSpansPerRequest: 10, maxAttributesPerSpan: 4, maxParentDepth: 5 },
      onSpans: (spans) => store.append(spans),
    });
  });
  afterEach(async () => {
    await receiver.close();
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const expectRefused = (
    r: { status: number; body: StatusBody },
    limit: string,
    max: number,
    actual: number,
  ) => {
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(3); // INVALID_ARGUMENT
    expect(r.body.message).toContain(limit);
    expect(r.body.message).toContain(`${actual} is over the limit of ${max}`);
    expect(r.body.details[0]).toMatchObject({
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      metadata: { limit, max: String(max), actual: String(actual) },
    });
    expect(store.size).toBe(0);
  };

  it('spans per request', async () => {
    // 11 one-span traces: no chain, few attributes — only the span count is over.
    const spans = Array.from({ length: 11 }, (_, i) => chain(1, '123456789abcdef'[i]!)).flat();
    expectRefused(await post(spans), 'maxSpansPerRequest', 10, 11);
    expect((await post(spans.slice(0, 10))).status).toBe(200);
    expect(store.size).toBe(10);
  });

  it('attributes per span: the whole request is refused, not only the span over the limit', async () => {
    const ok = chain(3, 'a');
    const wide = chain(1, 'b', { a: 1, b: 2, c: 3, d: 4 }); // + the conversation id = 5
    expectRefused(await post([...ok, ...wide]), 'maxAttributesPerSpan', 4, 5);
    expect((await post(ok)).status).toBe(200);
  });

  it('parent-chain depth (a cycle counts once round)', async () => {
    expectRefused(await post(chain(6, 'c')), 'maxParentDepth', 5, 6);
    expect((await post(chain(5, 'c'))).status).toBe(200);
    const cyc = chain(3, 'd');
    cyc[0]!.parentSpanId = id(2);
    expect((await post(cyc)).status).toBe(200);
  });
});

/** OTLP protobuf of `spans` (protobufjs wants the ids as bytes). */
function protobufOf(spans: SpanRecord[]): Uint8Array {
  const withBytes = JSON.parse(JSON.stringify(toOtlpJson(spans)), (key, value) =>
    (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof value === 'string'
      ? Buffer.from(value, 'hex').toString('base64')
      : value,
  );
  return encodeOtlpProtobufRequest(withBytes);
}

describe('span count before decoding', () => {
  it('counts protobuf spans from the wire format, as many as decoding finds', () => {
    const spans = [...demoConversation(), ...chain(7, 'e')];
    const body = protobufOf(spans);
    expect(countOtlpProtobufSpans(body)).toBe(spans.length);
    expect(spansFromOtlpProtobuf(body)).toHaveLength(spans.length);
    expect(() => countOtlpProtobufSpans(body.subarray(0, body.length - 3))).toThrow(/protobuf/);
  });

  it('a protobuf export over maxSpansPerRequest is refused (400) and nothing stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'convtrace-limits-pb-'));
    const store = await SpanStore.open({ dataDir: dir, fsync: false });
    const receiver = await startOtlpReceiver({
      port: 0,
      limits: { maxSpansPerRequest: 5 },
      onSpans: (spans) => store.append(spans),
    });
    try {
      const res = await fetch(receiver.tracesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-protobuf' },
        body: Buffer.from(protobufOf(chain(6, 'f'))),
      });
      expect(res.status).toBe(400);
      expect(Buffer.from(await res.arrayBuffer()).toString('latin1')).toContain(
        '6 is over the limit of 5 (maxSpansPerRequest)',
      );
      expect(store.size).toBe(0);
    } finally {
      await receiver.close();
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
