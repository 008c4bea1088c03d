/**
 * Malformed or extreme parent chains still render (issue 18): a 3,000-deep chain and a parent cycle,
 * sent through the real receiver, answer 200 on the page API and print with `convtrace show` — tree
 * building and serialisation are iterative, so depth cannot overflow the stack.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/inspect/cli.ts';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import type { ConversationResponse } from '../../src/inspect/model/api-types.ts';
import { toJsonText } from '../../src/inspect/model/deep-json.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import type { SpanNode } from '../../src/inspect/model/span-tree.ts';
import { captureIo, span, T0 } from './fixtures.ts';
import { postOtlpJson } from './otlp-encode.ts';

const DEPTH = 3000;

function spanIdOf(i: number): string {
  return (i + 1).toString(16).padStart(16, '0');
}

/** invoke_agent root, then a chain of `depth` spans each the child of the one before. */
function deepChain(conversationId: string, traceId: string, depth: number): SpanRecord[] {
  const ids = { 'gen_ai.conversation.id': conversationId, 'gen_ai.agent.call.id': `run-${conversationId}` };
  const out: SpanRecord[] = [];
  for (let i = 0; i < depth; i++) {
    out.push(
      span({
        traceId,
        spanId: spanIdOf(i),
        parent: i === 0 ? null : spanIdOf(i - 1),
        name: i === 0 ? 'invoke_agent deep' : `step ${i}`,
        start: T0 + i,
        end: T0 + 2 * depth - i,
        attributes: i === 0 ? { ...ids, 'gen_ai.operation.name': 'invoke_agent' } : ids,
      }),
    );
  }
  return out;
}

/** Three spans whose parents form a cycle (a → b → c → a), plus a root. */
function cycle(conversationId: string, traceId: string): SpanRecord[] {
  const ids = { 'gen_ai.conversation.id': conversationId, 'gen_ai.agent.call.id': `run-${conversationId}` };
  const root = span({
    traceId,
    spanId: spanIdOf(100),
    name: 'invoke_agent cyc',
    start: T0,
    end: T0 + 100,
    attributes: { ...ids, 'gen_ai.operation.name': 'invoke_agent' },
  });
  const a = span({
    traceId,
    spanId: spanIdOf(1),
    parent: spanIdOf(3),
    name: 'a',
    start: T0 + 1,
    end: T0 + 9,
    attributes: ids,
  });
  const b = span({
    traceId,
    spanId: spanIdOf(2),
    parent: spanIdOf(1),
    name: 'b',
    start: T0 + 2,
    end: T0 + 8,
    attributes: ids,
  });
  const c = span({
    traceId,
    spanId: spanIdOf(3),
    parent: spanIdOf(2),
    name: 'c',
    start: T0 + 3,
    end: T0 + 7,
    attributes: ids,
  });
  return [root, a, b, c];
}

function maxDepth(roots: SpanNode[]): number {
  let max = 0;
  const stack: Array<[SpanNode, number]> = roots.map((r) => [r, 1]);
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of n.children) stack.push([c, d + 1]);
  }
  return max;
}

describe('deep and cyclic parent chains', () => {
  let dir: string;
  let inspector: Inspector;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-deep-'));
    inspector = await startInspector({ port: 0, receiverPort: 0, dataDir: dir });
    const traces = `${inspector.receiverUrl}/v1/traces`;
    expect(await postOtlpJson(traces, deepChain('deep', 'a'.repeat(32), DEPTH))).toBe(200);
    expect(await postOtlpJson(traces, cycle('cyc', 'b'.repeat(32)))).toBe(200);
  });
  afterAll(async () => {
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it(`a ${DEPTH}-deep chain: the conversation API answers 200 with the whole chain`, async () => {
    const res = await fetch(`${inspector.url}api/conversations/deep`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ConversationResponse;
    const turn = body.conversation.turns[0]!;
    expect(maxDepth(turn.spans)).toBe(DEPTH);
  });

  it('a parent cycle: the conversation API answers 200 with every span', async () => {
    const res = await fetch(`${inspector.url}api/conversations/cyc`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ConversationResponse;
    const names: string[] = [];
    const stack = [...body.conversation.turns.flatMap((t) => t.spans)];
    while (stack.length > 0) {
      const n = stack.pop()!;
      names.push(n.name);
      stack.push(...n.children);
    }
    expect(names.sort()).toEqual(['a', 'b', 'c', 'invoke_agent cyc']);
  });

  it('convtrace show prints both (text and --json)', async () => {
    await inspector.close();
    for (const id of ['deep', 'cyc']) {
      const text = captureIo();
      expect(await runCli(['show', id, '--data-dir', dir, '--no-color'], text)).toBe(0);
      expect(text.out).toContain(id === 'deep' ? `${DEPTH} spans` : '4 spans');
      const json = captureIo();
      expect(await runCli(['show', id, '--data-dir', dir, '--json'], json)).toBe(0);
      expect(JSON.parse(json.out).id).toBe(id);
    }
  });
});

describe('toJsonText', () => {
  it('writes values too deep for JSON.stringify, with the same text as it for shallow ones', () => {
    type Node = { name: string; skip?: undefined; children: Node[] };
    const root: Node = { name: 'n0', skip: undefined, children: [] };
    let cur = root;
    for (let i = 1; i < 100_000; i++) {
      const next: Node = { name: `n${i}`, children: [] };
      cur.children.push(next);
      cur = next;
    }
    expect(() => JSON.stringify(root)).toThrow(RangeError);
    const text = toJsonText(root);
    expect(text.startsWith('{"name":"n0","children":[{"name":"n1","children":[')).toBe(true);
    expect(text.endsWith(`{"name":"n99999","children":[]}${']}'.repeat(99_999)}`)).toBe(true);
    const shallow = { a: [1, 'x', null, { b: true }], c: {}, d: [] };
    expect(toJsonText(shallow, 2)).toBe(JSON.stringify(shallow, null, 2));
  });
});
