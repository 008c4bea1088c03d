import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import { StoreSource } from '../../src/inspect/sources/store-source.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { DEMO, demoConversation, turnSpans } from './fixtures.ts';

describe('span store (append-only JSONL)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-store-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('persists spans across a reopen and ignores duplicates', async () => {
    const spans = demoConversation();
    const a = await SpanStore.open({ dataDir: dir });
    expect(await a.append(spans)).toBe(spans.length);
    expect(await a.append(spans.slice(0, 5))).toBe(0);
    const b = await SpanStore.open({ dataDir: dir });
    expect(b.size).toBe(spans.length);
    const before = assembleConversation(await new StoreSource(a).conversationSpans(DEMO.conv), DEMO.conv);
    const after = assembleConversation(await new StoreSource(b).conversationSpans(DEMO.conv), DEMO.conv);
    expect(after).toEqual(before);
    expect(after!.forks).toHaveLength(1); // the fork's trace is found through convtrace.history.conversation_id
  });

  it('skips a torn last line (crash mid-write) and keeps the rest', async () => {
    const spans = turnSpans({ conversationId: 'c', runId: 'r', at: 0 });
    const a = await SpanStore.open({ dataDir: dir });
    await a.append(spans);
    await appendFile(join(dir, 'spans.jsonl'), '{"traceId":"abc","spa');
    const b = await SpanStore.open({ dataDir: dir });
    expect(b.size).toBe(spans.length);
  });

  it('drops the oldest traces past maxSpans and compacts the file', async () => {
    const store = await SpanStore.open({ dataDir: dir, maxSpans: 10 });
    const turns = [0, 1, 2, 3].map((i) =>
      turnSpans({ conversationId: `c${i}`, runId: `r${i}`, at: i * 1000 }),
    );
    for (const t of turns) await store.append(t); // 3 spans each (invoke_agent + 2 chat)
    expect(store.size).toBeLessThanOrEqual(10 + 3);
    expect(store.tracesOfConversation('c0')).toEqual([]);
    expect(store.tracesOfConversation('c3')).toHaveLength(1);
    const reopened = await SpanStore.open({ dataDir: dir, maxSpans: 10 });
    expect(reopened.size).toBe(store.size);
    const lines = (await readFile(join(dir, 'spans.jsonl'), 'utf8')).trim().split('\n');
    expect(lines.length).toBeLessThanOrEqual(13);
  });
});
