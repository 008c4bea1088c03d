/**
 * convtrace/langchain with real @langchain/core and @langchain/langgraph: a graph whose model calls a
 * tool making an HTTP call to a downstream service; two turns on one `thread_id`.
 */

import { HumanMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { END, MemorySaver, MessagesAnnotation, START, StateGraph } from '@langchain/langgraph';
import { createReactAgent, ToolNode, toolsCondition } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConvtraceCallbackHandler, invokeWithConversation } from '../../src/bridges/langchain/index.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { TRACER_NAME } from '../../src/semconv/attributes.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { type Downstream, inspectConversation, startDownstream } from '../support/bridge-harness.ts';
import { type FakeOpenAI, startFakeOpenAI, toolCallingResponder } from '../support/fake-openai/index.ts';
import { captureDiagErrors, throwingTracerProvider } from '../support/fault-injection.ts';
import { SCRIPTED_MODEL, ScriptedChatModel } from '../support/scripted-chat-model.ts';

const capture = captureSpans();
const undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });
let downstream: Downstream;
let fake: FakeOpenAI;

const getWeather = tool(
  async ({ city }) => {
    const res = await fetch(`http://127.0.0.1:${downstream.port}/weather?city=${city}`);
    const body = (await res.json()) as { baggage: string | null };
    return `sunny in ${city} (baggage ${body.baggage === null ? 'missing' : 'present'})`;
  },
  { name: 'get_weather', description: 'Weather of a city', schema: z.object({ city: z.string() }) },
);

function buildGraph() {
  const model = new ScriptedChatModel({});
  return new StateGraph(MessagesAnnotation)
    .addNode('agent', async (state, config: RunnableConfig) => ({
      messages: [await model.invoke(state.messages, config)],
    }))
    .addNode('tools', new ToolNode([getWeather]))
    .addEdge(START, 'agent')
    .addConditionalEdges('agent', toolsCondition, ['tools', END])
    .addEdge('tools', 'agent')
    .compile({ checkpointer: new MemorySaver() });
}

const ours = () => capture.spans().filter((s) => s.instrumentationScope.name === TRACER_NAME);
const named = (name: string) => ours().filter((s) => s.name === name);
const parentOf = (s: ReadableSpan) =>
  capture.spans().find((p) => p.spanContext().spanId === s.parentSpanContext?.spanId);
const lastText = (out: { messages: { content: unknown }[] }) => String(out.messages.at(-1)?.content);

beforeAll(async () => {
  downstream = await startDownstream();
  fake = await startFakeOpenAI({ responder: toolCallingResponder });
});
afterAll(async () => {
  await downstream?.close();
  await fake?.close();
  undo();
  await capture.shutdown();
});
beforeEach(() => capture.reset());

describe('convtrace/langchain: two turns of a LangGraph agent on one thread', () => {
  it('invoke_agent / chat / execute_tool spans, thread_id as the conversation id, two run ids, the HTTP span a child of the run', async () => {
    const graph = buildGraph();
    const config = { configurable: { thread_id: 'thread-1' } };
    const first = await invokeWithConversation(graph, { messages: [new HumanMessage('Paris')] }, config);
    const second = await invokeWithConversation(graph, { messages: [new HumanMessage('Lyon')] }, config);
    expect(lastText(first)).toBe('tool said: sunny in Paris (baggage present)');
    expect(lastText(second)).toBe('tool said: sunny in Lyon (baggage present)');
    expect(second.messages).toHaveLength(8); // the checkpointer carried turn 1

    const roots = named('invoke_agent LangGraph');
    expect(roots).toHaveLength(2);
    expect(named(`chat ${SCRIPTED_MODEL}`)).toHaveLength(4);
    expect(named('execute_tool get_weather')).toHaveLength(2);
    expect(new Set(ours().map((s) => s.attributes['gen_ai.conversation.id']))).toEqual(new Set(['thread-1']));
    const runIds = roots.map((r) => r.attributes['gen_ai.agent.call.id']);
    expect(new Set(ours().map((s) => s.attributes['gen_ai.agent.call.id']))).toEqual(new Set(runIds));
    expect(new Set(runIds).size).toBe(2);

    // Each step hangs off its run; the chat spans carry what the model reported.
    for (const s of [...named(`chat ${SCRIPTED_MODEL}`), ...named('execute_tool get_weather')]) {
      expect(parentOf(s)?.name).toBe('invoke_agent LangGraph');
      expect(s.spanContext().traceId).toBe(parentOf(s)!.spanContext().traceId);
    }
    const chats = named(`chat ${SCRIPTED_MODEL}`);
    expect(chats.map((c) => c.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_call'],
      ['stop'],
      ['tool_call'],
      ['stop'],
    ]);
    expect(chats.every((c) => (c.attributes['gen_ai.usage.input_tokens'] as number) > 0)).toBe(true);
    expect(chats.map((c) => c.attributes['gen_ai.response.id'])).toEqual([
      'resp-1',
      'resp-2',
      'resp-3',
      'resp-4',
    ]);
    expect(ours().some((s) => 'gen_ai.input.messages' in s.attributes)).toBe(false);

    // The tool's HTTP call (langchainjs #11221): a child of execute_tool, in the run's trace, with the ids.
    const gets = capture.spans().filter((s) => s.name === 'GET' && s.kind === 2);
    expect(gets).toHaveLength(2);
    for (const [i, get] of gets.entries()) {
      const parent = parentOf(get)!;
      expect(parent.name).toBe('execute_tool get_weather');
      expect(parentOf(parent)).toBe(roots[i]);
      expect(get.spanContext().traceId).toBe(roots[i]!.spanContext().traceId);
      expect(get.attributes['gen_ai.conversation.id']).toBe('thread-1');
      expect(get.attributes['gen_ai.agent.call.id']).toBe(runIds[i]);
    }

    // Downstream: same ids, same trace.
    const remote = await downstream.sink.waitFor(
      (s) =>
        s.filter((x) => x.name === 'downstream-work' && x.attributes['gen_ai.conversation.id'] === 'thread-1')
          .length === 2,
    );
    const work = remote.filter(
      (x) => x.name === 'downstream-work' && x.attributes['gen_ai.conversation.id'] === 'thread-1',
    );
    expect(work.map((w) => w.attributes['gen_ai.agent.call.id'])).toEqual(runIds);
    expect(work.map((w) => w.traceId.toLowerCase())).toEqual(roots.map((r) => r.spanContext().traceId));

    // The inspector: one conversation, two turns.
    const conversation = await inspectConversation(capture.spans(), 'thread-1');
    expect(conversation?.turns.map((t) => t.runId)).toEqual(runIds);
    expect(conversation?.turns[1]?.parentRunId).toBe(runIds[0]);
    expect(conversation?.lanes).toBe(1);
    expect(conversation?.turns.map((t) => [t.agentName, t.modelCalls, t.toolCalls])).toEqual([
      ['LangGraph', 2, 1],
      ['LangGraph', 2, 1],
    ]);
  });
});

describe('convtrace/langchain: conversation id rules', () => {
  it('explicit > configurable.thread_id > metadata conversation_id > session_id > thread_id > fresh', async () => {
    const graph = buildGraph();
    const input = () => ({ messages: [new HumanMessage('Nice')] });
    await invokeWithConversation(
      graph,
      input(),
      { configurable: { thread_id: 't-a' } },
      { conversationId: 'explicit' },
    );
    await invokeWithConversation(graph, input(), {
      configurable: { thread_id: 't-b' },
      metadata: { conversation_id: 'c-b' },
    });
    await invokeWithConversation(graph, input(), {
      configurable: { thread_id: 't-c' },
      metadata: { session_id: 's-c', conversation_id: 'c-c' },
      runName: 'weather-agent',
    });
    await invokeWithConversation(
      buildGraph(),
      input(),
      { metadata: { session_id: 's-d', thread_id: 'm-d' }, configurable: { thread_id: 'x' } },
      { agentName: 'named' },
    );
    const roots = ours().filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    expect(roots.map((r) => r.attributes['gen_ai.conversation.id'])).toEqual(['explicit', 't-b', 't-c', 'x']);
    expect(roots.map((r) => r.name)).toEqual([
      'invoke_agent LangGraph',
      'invoke_agent LangGraph',
      'invoke_agent weather-agent',
      'invoke_agent named',
    ]);
  });

  it('metadata ids when there is no thread; a fresh id otherwise; a bad explicit id is a typed error', async () => {
    const model = new ScriptedChatModel({});
    await invokeWithConversation(model, [new HumanMessage('x')], {
      metadata: { session_id: 's-1', thread_id: 't-1' },
    });
    await invokeWithConversation(model, [new HumanMessage('x')], { metadata: { thread_id: 't-2' } });
    await invokeWithConversation(model, [new HumanMessage('x')]);
    const ids = named(`chat ${SCRIPTED_MODEL}`).map((s) => s.attributes['gen_ai.conversation.id']);
    expect(ids.slice(0, 2)).toEqual(['s-1', 't-2']);
    expect(ids[2]).toMatch(/^[0-9a-f-]{36}$/);
    await expect(
      invokeWithConversation(model, [new HumanMessage('x')], {}, { conversationId: 'x'.repeat(300) }),
    ).rejects.toThrow(InvalidArgumentError);
  });

  it('the handler alone (no wrapper) still maps the run and reads thread_id from the metadata LangChain fills', async () => {
    const graph = buildGraph();
    const out = await graph.invoke(
      { messages: [new HumanMessage('Oslo')] },
      { configurable: { thread_id: 'plain-thread' }, callbacks: [new ConvtraceCallbackHandler()] },
    );
    expect(lastText(out)).toBe('tool said: sunny in Oslo (baggage missing)');
    const [root] = named('invoke_agent LangGraph');
    expect(root!.attributes['gen_ai.conversation.id']).toBe('plain-thread');
    expect(named('execute_tool get_weather')[0]!.parentSpanContext?.spanId).toBe(root!.spanContext().spanId);
  });
});

describe('convtrace/langchain: failures stay inside the instrumentation', () => {
  it('a throw inside the handler leaves the result unchanged and is reported through diag', async () => {
    const errors = captureDiagErrors();
    const handler = new ConvtraceCallbackHandler({
      tracerProvider: throwingTracerProvider(),
    });
    try {
      const graph = buildGraph();
      const config = { configurable: { thread_id: 'broken' } };
      const out = await invokeWithConversation(graph, { messages: [new HumanMessage('Rome')] }, config, {
        handler,
      });
      expect(lastText(out)).toBe('tool said: sunny in Rome (baggage present)');
    } finally {
      diag.disable();
    }
    expect(errors.some((args) => String(args[0]).includes('langchain handler failed'))).toBe(true);
    expect(ours()).toHaveLength(0);
  });
});

describe('convtrace/langchain: a real provider client (ChatOpenAI against the local OpenAI)', () => {
  it('the provider HTTP calls are children of their chat span (langchainjs #11221); content only when opted in', async () => {
    const llm = new ChatOpenAI({
      model: 'gpt-4.1-mini',
      apiKey: 'sk-test',
      configuration: { baseURL: fake.baseURL },
    });
    const agent = createReactAgent({ llm, tools: [getWeather], checkpointer: new MemorySaver() });
    const handler = new ConvtraceCallbackHandler({ captureContent: true });
    const out = await invokeWithConversation(
      agent,
      { messages: [new HumanMessage('Bergen')] },
      { configurable: { thread_id: 'openai-thread' } },
      { handler },
    );
    expect(lastText(out)).toMatch(/^tool said: sunny in Bergen/);
    const chats = named('chat gpt-4.1-mini');
    expect(chats).toHaveLength(2);
    const posts = capture.spans().filter((s) => s.name === 'POST' && s.kind === 2);
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(chats).toContain(parentOf(post));
      expect(post.attributes['gen_ai.conversation.id']).toBe('openai-thread');
    }
    expect(chats.map((c) => c.attributes['gen_ai.response.finish_reasons'])).toEqual([
      ['tool_call'],
      ['stop'],
    ]);
    expect(chats[0]!.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-/);
    expect(JSON.parse(String(chats[0]!.attributes['gen_ai.input.messages']))).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Bergen' }] },
    ]);
    const tool = named('execute_tool get_weather')[0]!;
    expect(JSON.parse(String(tool.attributes['gen_ai.tool.call.arguments']))).toEqual({ city: 'Bergen' });
    expect(String(tool.attributes['gen_ai.tool.call.result'])).toContain('sunny in Bergen');
  });
});

describe('convtrace/langchain: failing tools', () => {
  it('a tool that throws marks its execute_tool span failed; ToolNode reports it to the model and the run goes on', async () => {
    const flaky = tool(
      async () => {
        throw new Error('service down');
      },
      { name: 'get_weather', description: 'Always fails', schema: z.object({ city: z.string() }) },
    );
    const model = new ScriptedChatModel({});
    const graph = new StateGraph(MessagesAnnotation)
      .addNode('agent', async (state, config: RunnableConfig) => ({
        messages: [await model.invoke(state.messages, config)],
      }))
      .addNode('tools', new ToolNode([flaky]))
      .addEdge(START, 'agent')
      .addConditionalEdges('agent', toolsCondition, ['tools', END])
      .addEdge('tools', 'agent')
      .compile();
    const out = await invokeWithConversation(graph, { messages: [new HumanMessage('Riga')] });
    expect(lastText(out)).toContain('service down');
    const [failed] = named('execute_tool get_weather');
    expect(failed?.status.code).toBe(2);
    expect(failed?.attributes['error.type']).toBe('Error');
    const [root] = named('invoke_agent LangGraph');
    expect(root?.status.code).toBe(0);
  });
});
