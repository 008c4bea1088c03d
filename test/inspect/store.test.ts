import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { summarizeConversations } from '../../src/inspect/model/conversation-list.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import { StoreSource } from '../../src/inspect/sources/store-source.ts';
import { StoreError } from '../../src/inspect/store/errors.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { DEMO, demoConversation, T0, turnSpans } from './fixtures.ts';

const DAY = 24 * 3600_000;

describe('span store (node:sqlite)', () => {
  let dir: string;
  const open: SpanStore[] = [];
  const openStore = async (o: Omit<Parameters<typeof SpanStore.open>[0], 'dataDir'> = {}) => {
    const s = await SpanStore.open({ dataDir: dir, ...o });
    open.push(s);
    return s;
  };
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-store-'));
  });
  afterEach(async () => {
    for (const s of open.splice(0)) s.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('persists spans across a reopen and ignores duplicates', async () => {
    const spans = demoConversation();
    const a = await openStore();
    expect(await a.append(spans)).toBe(spans.length);
    expect(await a.append(spans.slice(0, 5))).toBe(0);
    const before = assembleConversation(await new StoreSource(a).conversationSpans(DEMO.conv), DEMO.conv);
    a.close();
    const b = await openStore();
    expect(b.size).toBe(spans.length);
    const after = assembleConversation(await new StoreSource(b).conversationSpans(DEMO.conv), DEMO.conv);
    expect(after).toEqual(before);
    expect(after!.forks).toHaveLength(1); // the fork's trace is found through convtrace.history.conversation_id
  });

  it('keeps the list rows on write: same rows as summarising every span, paged, searchable', async () => {
    const store = await openStore();
    const spans = demoConversation();
    await store.append(spans);
    const expected = summarizeConversations(spans);
    expect(store.listConversations({ limit: 50 })).toEqual({
      conversations: expected,
      total: expected.length,
    });
    // A new turn of the main conversation updates its row (no full rebuild).
    const next = turnSpans({
      conversationId: DEMO.conv,
      runId: 'run-late',
      at: 3_600_000,
      prompt: 'one more',
    });
    await store.append(next);
    const row = store.listConversations().conversations.find((r) => r.id === DEMO.conv)!;
    expect(row.turns).toBe(expected.find((r) => r.id === DEMO.conv)!.turns + 1);
    expect(store.listConversations().conversations[0]!.id).toBe(DEMO.conv); // most recent activity first
    // Paging.
    const p1 = store.listConversations({ limit: 1, offset: 0 });
    const p2 = store.listConversations({ limit: 1, offset: 1 });
    expect(p1.total).toBe(2);
    expect([...p1.conversations, ...p2.conversations].map((r) => r.id)).toEqual(
      store.listConversations().conversations.map((r) => r.id),
    );
    // Search, case-insensitive; LIKE wildcards match themselves.
    expect(
      store.listConversations({ search: DEMO.conv.slice(-8).toUpperCase() }).conversations.map((r) => r.id),
    ).toEqual([DEMO.conv]);
    expect(store.listConversations({ search: '%' }).total).toBe(0);
  });

  it('a span without the conversation id (arriving before its root) joins the conversation of its trace', async () => {
    const store = await openStore();
    const spans = turnSpans({ conversationId: 'c-late-root', runId: 'r1', at: 0, prompt: 'hi' });
    const root = spans.find((s) => s.parentSpanId === null)!;
    const child = { ...spans.find((s) => s.parentSpanId !== null)!, attributes: {} };
    await store.append([child]);
    expect(store.listConversations().total).toBe(0);
    await store.append(spans.filter((s) => s !== root && s.spanId !== child.spanId));
    await store.append([root]);
    expect(store.conversationSpans('c-late-root').map((s) => s.spanId)).toContain(child.spanId);
  });

  // These two trim far below the limit to show hysteresis, so one write may evict the whole store here.
  it('retention by size drops the oldest conversations first, down to the low-water mark (hysteresis)', async () => {
    const store = await openStore({
      retention: { maxSpans: 30, lowWater: 0.5, maxAgeMs: 0, maxEvictShare: 1 },
    });
    // 3 spans a turn, one conversation per turn, each later than the one before.
    for (let i = 0; i < 10; i++)
      await store.append(turnSpans({ conversationId: `c${i}`, runId: `r${i}`, at: i * 1000 }));
    expect(store.size).toBe(30); // at the limit: nothing dropped yet
    await store.append(turnSpans({ conversationId: 'c10', runId: 'r10', at: 10_000 }));
    // Over 30 → trimmed to ≤ 15, oldest first.
    expect(store.size).toBeLessThanOrEqual(15);
    const ids = store.listConversations({ limit: 100 }).conversations.map((r) => r.id);
    expect(ids[0]).toBe('c10');
    expect(ids).not.toContain('c0');
    expect(ids.length).toBe(store.size / 3);
    expect(store.tracesOfConversation('c0')).toEqual([]);
    // Below the limit again, the next writes drop nothing.
    const before = store.size;
    await store.append(turnSpans({ conversationId: 'c11', runId: 'r11', at: 11_000 }));
    expect(store.size).toBe(before + 3);
  });

  it('retention by bytes of span JSON drops the oldest conversations the same way', async () => {
    const one = turnSpans({ conversationId: 'probe', runId: 'probe', at: 0 });
    const bytes = one.reduce((n, s) => n + JSON.stringify(s).length, 0);
    const store = await openStore({
      retention: { maxBytes: bytes * 4.5, lowWater: 0.5, maxAgeMs: 0, maxEvictShare: 1 },
    });
    for (let i = 0; i < 4; i++)
      await store.append(turnSpans({ conversationId: `b${i}`, runId: `rb${i}`, at: i * 1000 }));
    expect(store.size).toBe(12);
    await store.append(turnSpans({ conversationId: 'b4', runId: 'rb4', at: 4000 }));
    // 5 turns' worth > 4.5 → down to ≤ 2.25 turns' worth: the three oldest conversations went.
    expect(store.listConversations().conversations.map((r) => r.id)).toEqual(['b4', 'b3']);
    expect(store.size).toBe(6);
  });

  it('retention by age drops conversations whose last span is older than maxAgeMs', async () => {
    const store = await openStore({ retention: { maxAgeMs: 2 * DAY } });
    const now = Date.now();
    await store.append(turnSpans({ conversationId: 'old', runId: 'r-old', at: now - 5 * DAY - T0 }));
    await store.append(turnSpans({ conversationId: 'new', runId: 'r-new', at: now - 3600_000 - T0 }));
    // The check after the first write removed the old one.
    expect(store.listConversations().conversations.map((r) => r.id)).toEqual(['new']);
    expect(store.size).toBe(3);
    expect(store.enforceRetention(now + 3 * DAY)).toEqual({ conversations: 1, spans: 3 });
    expect(store.listConversations().total).toBe(0);
    expect(store.size).toBe(0);
  });

  it('a file that is not a store is a typed error naming it, not a crash', async () => {
    await writeFile(join(dir, 'convtrace.sqlite'), 'this is not a database, just text '.repeat(200));
    const err = await SpanStore.open({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as Error).message).toContain(join(dir, 'convtrace.sqlite'));
  });

  it('imports an old spans.jsonl once (torn last line skipped and counted), then lists it', async () => {
    const spans = demoConversation();
    const lines = spans.map((s) => JSON.stringify(s)).join('\n');
    await writeFile(join(dir, 'spans.jsonl'), `${lines}\n{"traceId":"abc","spa`);
    const store = await openStore();
    expect(store.imported).toMatchObject({ read: spans.length, skipped: 1 });
    expect(store.size).toBe(spans.length);
    expect(store.listConversations().conversations).toEqual(summarizeConversations(spans));
    expect(await readdir(dir)).toContain('spans.jsonl.imported');
    store.close();
    const again = await openStore();
    expect(again.imported).toBeUndefined();
    expect(again.size).toBe(spans.length);
  });
});
