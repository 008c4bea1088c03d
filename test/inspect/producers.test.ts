import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { summarizeConversations } from '../../src/inspect/model/conversation-list.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import type { AttributeMap, SpanRecord } from '../../src/inspect/model/span-record.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { hexId, span, T0 } from './fixtures.ts';

/**
 * Span sets shaped as other producers emit them (attribute names taken from their sources): none mints
 * `gen_ai.agent.call.id`, so a turn is a trace; the conversation comes from `gen_ai.conversation.id` or
 * a session id. Each builder returns one turn (one trace): an agent span, a model call, a tool call and
 * a second model call.
 */
type Producer = (conversation: string, turn: number, at: number) => SpanRecord[];

const chatMessages = (text: string) =>
  JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: text }] }]);

/** pydantic-ai (instrumented agent, version 2+): `invoke_agent`, `chat`, `execute_tool`; the id on the agent span only. */
const pydanticAi: Producer = (conversation, turn, at) => {
  const traceId = hexId(16, `pyd-${conversation}-${turn}`);
  const root = span({
    traceId,
    name: 'invoke_agent weather_agent',
    start: at,
    end: at + 40,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'weather_agent',
      'gen_ai.conversation.id': conversation,
      model_name: 'gpt-4o',
      'logfire.msg': 'weather_agent run',
    },
  });
  const chat = (n: number, start: number, text?: string): SpanRecord =>
    span({
      traceId,
      parent: root.spanId,
      name: 'chat gpt-4o',
      kind: 'client',
      start,
      end: start + 10,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'openai',
        'gen_ai.request.model': 'gpt-4o',
        'gen_ai.response.model': 'gpt-4o-2024-08-06',
        'gen_ai.usage.input_tokens': 20 + n,
        'gen_ai.usage.output_tokens': 5,
        ...(text ? { 'gen_ai.input.messages': chatMessages(text) } : {}),
      },
    });
  return [
    root,
    chat(1, at + 1, `question ${turn}`),
    span({
      traceId,
      parent: root.spanId,
      name: 'execute_tool get_weather',
      start: at + 12,
      end: at + 20,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'get_weather',
        'gen_ai.tool.call.id': `call_${turn}`,
        tool_arguments: '{"city":"Paris"}',
      },
    }),
    chat(2, at + 21),
  ];
};

/** Mastra (`@mastra/otel-exporter`): `threadId` → `gen_ai.conversation.id` on every span, `mastra.span.type`. */
const mastra: Producer = (conversation, turn, at) => {
  const traceId = hexId(16, `mastra-${conversation}-${turn}`);
  const common: AttributeMap = { 'gen_ai.conversation.id': conversation };
  const root = span({
    traceId,
    name: 'invoke_agent Weather Agent',
    start: at,
    end: at + 40,
    attributes: {
      ...common,
      'gen_ai.operation.name': 'invoke_agent',
      'mastra.span.type': 'agent_run',
      'gen_ai.agent.id': 'weatherAgent',
      'gen_ai.agent.name': 'Weather Agent',
    },
  });
  const gen = (n: number, start: number): SpanRecord =>
    span({
      traceId,
      parent: root.spanId,
      name: 'chat gpt-4o-mini',
      start,
      end: start + 10,
      attributes: {
        ...common,
        'gen_ai.operation.name': 'chat',
        'mastra.span.type': 'model_generation',
        'gen_ai.request.model': 'gpt-4o-mini',
        'gen_ai.provider.name': 'openai',
        'gen_ai.usage.input_tokens': 30 + n,
        'gen_ai.usage.output_tokens': 7,
      },
    });
  return [
    root,
    gen(1, at + 1),
    span({
      traceId,
      parent: root.spanId,
      name: 'execute_tool weatherTool',
      start: at + 12,
      end: at + 20,
      attributes: {
        ...common,
        'gen_ai.operation.name': 'execute_tool',
        'mastra.span.type': 'tool_call',
        'gen_ai.tool.name': 'weatherTool',
        'gen_ai.tool.call.arguments': '{"location":"Paris"}',
      },
    }),
    gen(2, at + 21),
  ];
};

/** OpenInference (Phoenix): `session.id` on every span (`using_session`), `openinference.span.kind`, `llm.*`. */
const openInference =
  (sessionKey: 'session.id' | 'langfuse.session.id'): Producer =>
  (conversation, turn, at) => {
    const traceId = hexId(16, `oi-${sessionKey}-${conversation}-${turn}`);
    const common: AttributeMap = { [sessionKey]: conversation };
    const root = span({
      traceId,
      name: 'Agent workflow',
      start: at,
      end: at + 40,
      attributes: { ...common, 'openinference.span.kind': 'AGENT', 'input.value': `question ${turn}` },
    });
    const llm = (n: number, start: number): SpanRecord =>
      span({
        traceId,
        parent: root.spanId,
        name: 'OpenAI Chat Completions',
        start,
        end: start + 10,
        attributes: {
          ...common,
          'openinference.span.kind': 'LLM',
          'llm.model_name': 'gpt-4.1',
          'llm.provider': 'openai',
          'llm.token_count.prompt': 40 + n,
          'llm.token_count.completion': 9,
        },
      });
    return [
      root,
      llm(1, at + 1),
      span({
        traceId,
        parent: root.spanId,
        name: 'lookup',
        start: at + 12,
        end: at + 20,
        attributes: { ...common, 'openinference.span.kind': 'TOOL', 'tool.name': 'lookup' },
      }),
      llm(2, at + 21),
    ];
  };

/** The AI SDK (v7 OpenTelemetry integration): `invoke_agent` → `step n` → `chat` / `execute_tool`. */
const aiSdk: Producer = (conversation, turn, at) => {
  const traceId = hexId(16, `aisdk-${conversation}-${turn}`);
  const root = span({
    traceId,
    name: 'invoke_agent gpt-5',
    start: at,
    end: at + 40,
    attributes: {
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.provider.name': 'openai',
      'gen_ai.agent.name': 'support-chat',
      'gen_ai.conversation.id': conversation,
    },
  });
  const step = (n: number, start: number, end: number) =>
    span({
      traceId,
      parent: root.spanId,
      name: `step ${n}`,
      start,
      end,
      attributes: { 'gen_ai.operation.name': 'agent_step' },
    });
  const s1 = step(1, at + 1, at + 20);
  const s2 = step(2, at + 21, at + 39);
  const chat = (parent: SpanRecord, start: number, n: number) =>
    span({
      traceId,
      parent: parent.spanId,
      name: 'chat gpt-5',
      kind: 'client',
      start,
      end: start + 8,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-5',
        'gen_ai.usage.input_tokens': 50 + n,
        'gen_ai.usage.output_tokens': 11,
      },
    });
  return [
    root,
    s1,
    chat(s1, at + 2, 1),
    span({
      traceId,
      parent: s1.spanId,
      name: 'execute_tool weather',
      start: at + 11,
      end: at + 19,
      attributes: {
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': 'weather',
        'gen_ai.tool.call.id': `call-${turn}`,
        'gen_ai.tool.type': 'function',
      },
    }),
    s2,
    chat(s2, at + 22, 2),
  ];
};

const PRODUCERS: Array<[string, Producer, string]> = [
  ['pydantic-ai', pydanticAi, 'gpt-4o-2024-08-06'],
  ['Mastra', mastra, 'gpt-4o-mini'],
  ['OpenInference (session.id)', openInference('session.id'), 'gpt-4.1'],
  ['Langfuse (langfuse.session.id)', openInference('langfuse.session.id'), 'gpt-4.1'],
  ['the AI SDK', aiSdk, 'gpt-5'],
];

describe('conversations from any producer', () => {
  for (const [name, produce, model] of PRODUCERS) {
    it(`${name}: grouped by its conversation/session id, one turn per trace, model and tool calls counted`, async () => {
      // Two turns of one conversation and one turn of another, arriving newest first.
      const spans = [
        ...produce('conv-b', 1, T0 + 5000),
        ...produce('conv-a', 2, T0 + 1000),
        ...produce('conv-a', 1, T0),
      ];
      const c = assembleConversation(spans, 'conv-a')!;
      expect(c.turns).toHaveLength(2);
      expect(c.turns.map((t) => t.startMs)).toEqual([T0, T0 + 1000]);
      for (const t of c.turns) {
        expect(t.runId).toBe(t.traceIds[0]);
        expect(t.modelCalls).toBe(2);
        expect(t.toolCalls).toBe(1);
        expect(t.models).toEqual([model]);
        expect(t.usage.inputTokens).toBeGreaterThan(0);
      }
      expect(c.other).toEqual([]);
      expect(summarizeConversations(spans).map((r) => [r.id, r.turns])).toEqual([
        ['conv-b', 1],
        ['conv-a', 2],
      ]);
      // The store groups them the same way.
      const dir = await mkdtemp(join(tmpdir(), 'convtrace-producers-'));
      const store = await SpanStore.open({ dataDir: dir });
      try {
        await store.append(spans);
        expect(store.listConversations().conversations).toEqual(summarizeConversations(spans));
        expect(assembleConversation(store.conversationSpans('conv-a'), 'conv-a')).toEqual(c);
      } finally {
        store.close();
        await rm(dir, { recursive: true, force: true });
      }
    });
  }

  it('gen_ai.conversation.id wins over a session id on the same span', () => {
    const spans = openInference('session.id')('session-1', 1, T0).map((s) => ({
      ...s,
      attributes: { ...s.attributes, 'gen_ai.conversation.id': 'conv-x' },
    }));
    expect(summarizeConversations(spans).map((r) => r.id)).toEqual(['conv-x']);
  });
});
