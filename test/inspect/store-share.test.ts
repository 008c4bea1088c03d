/**
 * One request can never evict more than a bounded share of the store (issue 18): with a small store
 * cap, a request far bigger than the cap is refused whole (400, OTLP Status naming the limit) and the
 * conversations stored before it survive; a write that does push the store over its cap removes at
 * most `maxEvictShare` of the conversations, oldest first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { span, T0 } from './fixtures.ts';
import { toOtlpJson } from './otlp-encode.ts';

/** `count` one-span conversations, numbered from `from` (later numbers end later). */
function tiny(from: number, count: number): SpanRecord[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return span({
      traceId: (i + 1).toString(16).padStart(32, '0'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: 'invoke_agent t',
      start: T0 + i,
      end: T0 + i + 1,
      attributes: { 'gen_ai.conversation.id': `c${i}`, 'gen_ai.operation.name': 'invoke_agent' },
    });
  });
}

describe('store share of one request', () => {
  let dir: string;
  let inspector: Inspector;
  const CAP = 1000;
  const post = async (spans: SpanRecord[]) => {
    const res = await fetch(`${inspector.receiverUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(toOtlpJson(spans)),
    });
    return { status: res.status, body: (await res.json()) as { code: number; message: string } };
  };
  const total = async () => (await inspector.source.listConversations({ limit: 1 })).total;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-share-'));
    inspector = await startInspector({
      port: 0,
      receiverPort: 0,
      dataDir: dir,
      retention: { maxSpans: CAP, maxAgeMs: 0 }, // maxEvictShare: the default 0.1
    });
    for (let b = 0; b < 9; b++) expect((await post(tiny(b * 100, 100))).status).toBe(200);
    expect(await total()).toBe(900);
  });
  afterAll(async () => {
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a request 20× the cap is refused whole and every stored conversation survives', async () => {
    const r = await post(tiny(10_000, 20_000));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(3);
    expect(r.body.message).toContain('20000 is over the limit of 100 (maxEvictShare)');
    expect(await total()).toBe(900);
    const list = await inspector.source.listConversations({ limit: 1000 });
    expect(list.conversations.map((c) => c.id)).toContain('c0');
  });

  it('a write over the cap evicts at most 10% of the conversations, the oldest', async () => {
    expect((await post(tiny(900, 100))).status).toBe(200); // 1,000 = the cap: nothing removed
    expect(await total()).toBe(1000);
    // 1,100 > 1,000: the low-water mark (900) would take 200; one write may take 10% of 1,100.
    expect((await post(tiny(1000, 100))).status).toBe(200);
    expect(await total()).toBe(1100 - 110);
    const ids = new Set(
      (await inspector.source.listConversations({ limit: 1000 })).conversations.map((c) => c.id),
    );
    expect(ids.has('c109')).toBe(false);
    expect(ids.has('c110')).toBe(true);
  });

  it('the store refuses such a batch itself, rolled back (BatchTooLargeError)', async () => {
    const d = await mkdtemp(join(tmpdir(), 'convtrace-share-store-'));
    const store = await SpanStore.open({
      dataDir: d,
      fsync: false,
      retention: { maxSpans: 100, maxEvictShare: 0.5 },
    });
    try {
      await expect(store.append(tiny(0, 51))).rejects.toThrow(/51 spans is over the 50 one write may add/);
      expect(store.size).toBe(0);
      expect(store.listConversations().total).toBe(0);
      expect(await store.append(tiny(0, 50))).toBe(50);
    } finally {
      store.close();
      await rm(d, { recursive: true, force: true });
    }
  });
});
