import { describe, expect, it } from 'vitest';
import { filterSummaries, summarizeConversations } from '../../src/inspect/model/conversation-list.ts';
import {
  assembleConversation,
  forEachNode,
  type SpanNode,
} from '../../src/inspect/model/conversation-model.ts';
import { DEMO, demoConversation, hexId, span, T0, turnSpans } from './fixtures.ts';

function names(nodes: SpanNode[]): string[] {
  const out: string[] = [];
  forEachNode(nodes, (n, d) => out.push(`${'  '.repeat(d)}${n.name}`));
  return out;
}

describe('conversation model', () => {
  const spans = demoConversation();

  it('orders spans within a turn: parents before children, then start, then end, then the order they ended', () => {
    const traceId = hexId(16, 'order');
    const ids = { 'gen_ai.conversation.id': 'c-order', 'gen_ai.agent.call.id': 'r-order' };
    const t = T0 + 5; // everything starts in the same millisecond
    const mk = (spanId: string, name: string, start: number, end: number, parent: string | null) =>
      span({
        traceId,
        spanId,
        parent,
        name,
        start,
        end,
        attributes: { ...ids, 'gen_ai.operation.name': name.split(' ')[0]! },
      });
    const root = mk('a000000000000000', 'invoke_agent support', t, t + 9, null);
    const chat1 = mk('f100000000000000', 'chat m', t, t, root.spanId);
    // Span ids sort the other way round: order must not come from them.
    const tool = mk('f000000000000000', 'execute_tool lookup', t, t + 1, root.spanId);
    const chat2 = mk('0000000000000001', 'chat m', t, t + 3, root.spanId);
    const twinA = mk('e000000000000000', 'execute_tool twin', t + 4, t + 4, root.spanId);
    const twinB = mk('1000000000000000', 'execute_tool twin', t + 4, t + 4, root.spanId);
    const order = (arrival: typeof spans) =>
      assembleConversation(arrival, 'c-order')!.turns[0]!.spans[0]!.children.map((n) => n.spanId);
    // Children exported before their parent, in the order they ended.
    expect(order([chat1, tool, chat2, twinA, twinB, root])).toEqual([
      chat1.spanId,
      tool.spanId,
      chat2.spanId,
      twinA.spanId,
      twinB.spanId,
    ]);
    // Any arrival order gives the same start/end order; identical twins keep the order they arrived in.
    expect(order([root, twinB, chat2, twinA, tool, chat1])).toEqual([
      chat1.spanId,
      tool.spanId,
      chat2.spanId,
      twinB.spanId,
      twinA.spanId,
    ]);
  });

  it('groups one turn per gen_ai.agent.call.id, ordered by start, with the span tree of each', () => {
    // Shuffled input: order must come from start times, not arrival.
    const c = assembleConversation([...spans].reverse(), DEMO.conv)!;
    expect(c.turns.map((t) => t.runId)).toEqual(DEMO.runs);
    expect(c.turns.map((t) => t.index)).toEqual([1, 2, 3, 4]);
    expect(names(c.turns[0]!.spans)).toEqual([
      'invoke_agent support',
      '  chat gpt-4o-mini',
      '  execute_tool get_weather',
      '    GET',
      '      GET /weather',
      '  chat gpt-4o-mini',
    ]);
    const kinds: string[] = [];
    forEachNode(c.turns[0]!.spans, (n) => kinds.push(n.category));
    expect(kinds).toEqual(['agent', 'model', 'tool', 'downstream', 'downstream', 'model']);
    expect(c.traceIds).toHaveLength(4);
    expect(c.other).toEqual([]);
  });

  it('sums tokens per turn and in total, counts errors, calls and models', () => {
    const c = assembleConversation(spans, DEMO.conv)!;
    expect(c.turns.map((t) => [t.usage.inputTokens, t.usage.outputTokens])).toEqual([
      [120 + 170, 30 + 40],
      [200 + 250, 40 + 50],
      [180 + 230, 25 + 35],
      [220 + 270, 10 + 20],
    ]);
    expect(c.usage.inputTokens).toBe(290 + 450 + 410 + 490);
    expect(c.usage.outputTokens).toBe(70 + 90 + 60 + 30);
    expect(c.turns.map((t) => t.errors)).toEqual([0, 1, 0, 0]);
    expect(c.errors).toBe(1);
    expect(c.turns.map((t) => [t.modelCalls, t.toolCalls])).toEqual([
      [2, 1],
      [2, 1],
      [2, 0],
      [2, 0],
    ]);
    expect(c.turns[2]!.models).toEqual(['gpt-4o-2024-07-18']);
    expect(c.models).toEqual(['gpt-4o-2024-07-18', 'gpt-4o-mini-2024-07-18']);
    expect(c.turns[0]!.durationMs).toBeCloseTo(600, 3);
    expect(c.turns[0]!.startMs).toBe(T0);
    expect(c.turns[0]!.prompt).toBe('What is the weather in Paris?');
    expect(c.turns[0]!.output).toBe('Sunny, 21°C.');
    expect(c.spanCount).toBe(
      spans.filter((s) => s.attributes['gen_ai.conversation.id'] === DEMO.conv).length,
    );
  });

  it('shows a turn that continues an earlier turn as a branch in its own lane', () => {
    const c = assembleConversation(spans, DEMO.conv)!;
    expect(c.turns.map((t) => [t.index, t.lane, t.branchFrom])).toEqual([
      [1, 0, undefined],
      [2, 0, undefined],
      [3, 1, 1], // continues turn 1 although turn 2 already did: a branch
      [4, 1, undefined], // continues turn 3, the tip of lane 1
    ]);
    expect(c.lanes).toBe(2);
  });

  it('marks forks both ways: the forked conversation and its origin', () => {
    const origin = assembleConversation(spans, DEMO.conv)!;
    expect(origin.forks).toEqual([
      expect.objectContaining({
        conversationId: DEMO.forkConv,
        runId: DEMO.forkRun,
        fromRunId: DEMO.runs[1],
      }),
    ]);
    // The fork's own spans are not turns of the origin.
    expect(origin.turns.some((t) => t.runId === DEMO.forkRun)).toBe(false);
    const fork = assembleConversation(spans, DEMO.forkConv)!;
    expect(fork.turns).toHaveLength(1);
    expect(fork.forkedFrom).toEqual({ conversationId: DEMO.conv, runId: DEMO.runs[1] });
    expect(fork.turns[0]!.lane).toBe(0);
  });

  it('without history attributes, turns form one linear lane', () => {
    const plain = [
      ...turnSpans({ conversationId: 'c', runId: 'r1', at: 0 }),
      ...turnSpans({ conversationId: 'c', runId: 'r2', at: 1000 }),
    ];
    const c = assembleConversation(plain, 'c')!;
    expect(c.turns.map((t) => [t.lane, t.branchFrom, t.forkedFrom])).toEqual([
      [0, undefined, undefined],
      [0, undefined, undefined],
    ]);
  });

  it('keeps sub-agent runs nested in the turn that called them, and spans outside runs apart', () => {
    const traceId = hexId(16, 'nested');
    const ids = { 'gen_ai.conversation.id': 'c' };
    const server = span({ traceId, name: 'POST /chat', start: T0, end: T0 + 1000, kind: 'server' });
    const outer = span({
      traceId,
      parent: server.spanId,
      name: 'invoke_agent boss',
      start: T0 + 1,
      end: T0 + 900,
      attributes: { ...ids, 'gen_ai.agent.call.id': 'outer', 'gen_ai.operation.name': 'invoke_agent' },
    });
    const tool = span({
      traceId,
      parent: outer.spanId,
      name: 'execute_tool ask_helper',
      start: T0 + 10,
      end: T0 + 800,
      attributes: { ...ids, 'gen_ai.agent.call.id': 'outer', 'gen_ai.operation.name': 'execute_tool' },
    });
    const inner = span({
      traceId,
      parent: tool.spanId,
      name: 'invoke_agent helper',
      start: T0 + 20,
      end: T0 + 700,
      attributes: { ...ids, 'gen_ai.agent.call.id': 'inner', 'gen_ai.operation.name': 'invoke_agent' },
    });
    const chat = span({
      traceId,
      parent: inner.spanId,
      name: 'chat m',
      start: T0 + 30,
      end: T0 + 600,
      attributes: {
        ...ids,
        'gen_ai.agent.call.id': 'inner',
        'gen_ai.operation.name': 'chat',
        'gen_ai.usage.input_tokens': 7,
        'gen_ai.usage.output_tokens': 3,
      },
    });
    const c = assembleConversation([chat, inner, tool, outer, server], 'c')!;
    expect(c.turns.map((t) => t.runId)).toEqual(['outer']);
    expect(names(c.turns[0]!.spans)).toEqual([
      'invoke_agent boss',
      '  execute_tool ask_helper',
      '    invoke_agent helper',
      '      chat m',
    ]);
    expect(c.turns[0]!.usage).toMatchObject({ inputTokens: 7, outputTokens: 3 });
    expect(c.other.map((o) => o.name)).toEqual(['POST /chat']);
  });

  it('does not count a model span nested in another model span twice', () => {
    const traceId = hexId(16, 'dup');
    const a = {
      'gen_ai.conversation.id': 'c',
      'gen_ai.agent.call.id': 'r',
      'gen_ai.operation.name': 'chat',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.output_tokens': 5,
    };
    const outer = span({ traceId, name: 'chat m', start: T0, end: T0 + 100, attributes: a });
    const inner = span({
      traceId,
      parent: outer.spanId,
      name: 'chat m',
      start: T0 + 1,
      end: T0 + 90,
      attributes: a,
    });
    const c = assembleConversation([outer, inner], 'c')!;
    expect(c.usage.inputTokens).toBe(10);
    expect(c.turns[0]!.modelCalls).toBe(1);
  });

  it('survives parent cycles and duplicate spans in malformed input', () => {
    const traceId = hexId(16, 'cycle');
    const a = span({
      traceId,
      spanId: 'aaaaaaaaaaaaaaaa',
      parent: 'bbbbbbbbbbbbbbbb',
      name: 'a',
      start: T0,
      end: T0 + 1,
      attributes: { 'gen_ai.conversation.id': 'c', 'gen_ai.agent.call.id': 'r' },
    });
    const b = span({
      traceId,
      spanId: 'bbbbbbbbbbbbbbbb',
      parent: 'aaaaaaaaaaaaaaaa',
      name: 'b',
      start: T0,
      end: T0 + 2,
      attributes: { 'gen_ai.conversation.id': 'c', 'gen_ai.agent.call.id': 'r' },
    });
    const c = assembleConversation([a, b, a], 'c')!;
    expect(c.spanCount).toBe(2);
    let seen = 0;
    forEachNode(c.turns[0]!.spans, () => {
      seen++;
    });
    expect(seen).toBe(2);
  });

  it('returns undefined for an unknown conversation', () => {
    expect(assembleConversation(spans, 'nope')).toBeUndefined();
  });

  it('summarises every conversation, most recent first, and filters them', () => {
    const rows = summarizeConversations(spans);
    expect(rows.map((r) => r.id)).toEqual([DEMO.forkConv, DEMO.conv]);
    expect(rows[1]).toMatchObject({
      turns: 4,
      errors: 1,
      lanes: 2,
      forks: 1,
      firstPrompt: 'What is the weather in Paris?',
    });
    expect(rows[0]!.forkedFrom?.conversationId).toBe(DEMO.conv);
    expect(filterSummaries(rows, 'paris').map((r) => r.id)).toEqual([DEMO.conv]);
    expect(filterSummaries(rows, 'GPT-4O-2024').map((r) => r.id)).toEqual([DEMO.conv]);
    expect(filterSummaries(rows, '')).toHaveLength(2);
  });
});
