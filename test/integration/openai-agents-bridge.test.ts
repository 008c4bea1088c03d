/**
 * convtrace/openai-agents against the real `@openai/agents` SDK and the local OpenAI (Responses API):
 * spans, ids across turns, baggage to a downstream service, groupId, server-state ids, failures.
 */

import {
  Agent,
  BatchTraceProcessor,
  MemorySession,
  Runner,
  setDefaultOpenAIClient,
  setOpenAIAPI,
  setTraceProcessors,
  setTracingDisabled,
  type Trace,
  type TracingExporter,
  tool,
  user,
} from '@openai/agents';
import { diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConvtraceTracingProcessor, runWithConversation } from '../../src/bridges/openai-agents/index.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { TRACER_NAME } from '../../src/semconv/attributes.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { type Downstream, inspectConversation, startDownstream } from '../support/bridge-harness.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai/index.ts';
import { captureDiagErrors, throwingTracerProvider } from '../support/fault-injection.ts';

const capture = captureSpans();
const undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });

/** The SDK's own batch processor, exporting to memory: what the SDK's trace viewer would receive. */
const sdkTraces: Trace[] = [];
const sdkExporter: TracingExporter = {
  async export(items) {
    for (const item of items) if (item.type === 'trace') sdkTraces.push(item);
  },
};
const sdkProcessor = new BatchTraceProcessor(sdkExporter, { scheduleDelay: 10 });
const processor = new ConvtraceTracingProcessor();

let fake: FakeOpenAI;
let downstream: Downstream;

const getWeather = tool({
  name: 'get_weather',
  description: 'Weather of a city (asks the weather service).',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    const res = await fetch(`http://127.0.0.1:${downstream.port}/weather?city=${city}`);
    const body = (await res.json()) as { baggage: string | null };
    return `sunny in ${city} (service saw baggage: ${body.baggage !== null})`;
  },
});
const weatherAgent = new Agent({
  name: 'weather',
  instructions: 'Answer weather questions.',
  model: 'gpt-4.1-mini',
  tools: [getWeather],
});
const triage = new Agent({
  name: 'triage',
  instructions: 'Route the user.',
  model: 'gpt-4.1-mini',
  handoffs: [weatherAgent],
});

/** One turn's model replies: triage hands off, weather calls the tool, then answers. */
function scriptTurn(city: string): void {
  fake.script(
    { toolCalls: [{ name: 'transfer_to_weather', arguments: {} }] },
    { toolCalls: [{ name: 'get_weather', arguments: { city } }] },
    { text: `It is sunny in ${city}` },
  );
}

const byName = (spans: readonly ReadableSpan[], name: string) => spans.filter((s) => s.name === name);
const ours = () => capture.spans().filter((s) => s.instrumentationScope.name === TRACER_NAME);
const parentOf = (s: ReadableSpan) =>
  capture.spans().find((p) => p.spanContext().spanId === s.parentSpanContext?.spanId);

beforeAll(async () => {
  fake = await startFakeOpenAI();
  downstream = await startDownstream();
  setDefaultOpenAIClient(new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 }));
  setOpenAIAPI('responses');
  setTraceProcessors([sdkProcessor, processor]);
  // The SDK turns its tracing off under NODE_ENV=test (vitest sets it).
  setTracingDisabled(false);
});

afterAll(async () => {
  setTraceProcessors([]);
  await downstream?.close();
  await fake?.close();
  undo();
  await capture.shutdown();
});

beforeEach(() => {
  fake.reset();
  capture.reset();
  sdkTraces.length = 0;
});

describe('convtrace/openai-agents: two turns with a handoff and a tool calling a downstream service', () => {
  it('maps the SDK trace to invoke_workflow / invoke_agent / chat / execute_tool / handoff with one conversation id and two run ids', async () => {
    scriptTurn('Paris');
    const first = await runWithConversation(triage, 'Weather in Paris?');
    scriptTurn('Lyon');
    const second = await runWithConversation(triage, [...first.history, user('And in Lyon?')]);
    expect(first.finalOutput).toBe('It is sunny in Paris');
    expect(second.finalOutput).toBe('It is sunny in Lyon');

    const spans = ours();
    const names = new Set(spans.map((s) => s.name));
    for (const name of [
      'invoke_workflow Agent workflow',
      'invoke_agent triage',
      'invoke_agent weather',
      'chat gpt-4.1-mini',
      'execute_tool get_weather',
      'handoff weather',
    ]) {
      expect(names, name).toContain(name);
    }
    const conversations = new Set(spans.map((s) => s.attributes['gen_ai.conversation.id']));
    expect(conversations.size).toBe(1);
    const [conversationId] = conversations as Set<string>;
    const runs = new Set(spans.map((s) => s.attributes['gen_ai.agent.call.id']));
    expect(runs.size).toBe(2);
    // One trace per run; each run's root is the workflow span, named after the starting agent.
    const roots = byName(spans, 'invoke_workflow Agent workflow');
    expect(roots).toHaveLength(2);
    expect(roots.every((r) => r.parentSpanContext === undefined)).toBe(true);
    expect(roots.map((r) => r.attributes['gen_ai.agent.name'])).toEqual(['triage', 'triage']);
    expect(new Set(roots.map((r) => r.spanContext().traceId)).size).toBe(2);

    // Structure: execute_tool → turn → invoke_agent weather → workflow; chat spans carry usage.
    const tool = byName(spans, 'execute_tool get_weather')[0]!;
    const turn = parentOf(tool)!;
    expect(turn.name).toMatch(/^turn \d+$/);
    expect(parentOf(turn)!.name).toBe('invoke_agent weather');
    expect(parentOf(parentOf(turn)!)!.name).toBe('invoke_workflow Agent workflow');
    expect(tool.attributes['gen_ai.agent.name']).toBe('weather');
    const chats = spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats).toHaveLength(6);
    for (const chat of chats) {
      expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
      expect(chat.attributes['gen_ai.response.id']).toMatch(/^resp_/);
      expect(chat.attributes['gen_ai.response.finish_reasons']).toHaveLength(1);
    }
    const lastChat = chats.find((c) => c.attributes['gen_ai.response.id'] === second.lastResponseId)!;
    expect(lastChat.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    // Content is opt-in: nothing recorded by default.
    expect(spans.some((s) => 'gen_ai.input.messages' in s.attributes)).toBe(false);
    expect(spans.some((s) => 'gen_ai.tool.call.result' in s.attributes)).toBe(false);

    // The tool's HTTP call is a child of execute_tool and carries the run's ids.
    const clientGets = capture.spans().filter((s) => s.name === 'GET' && s.kind === 2);
    expect(clientGets).toHaveLength(2);
    for (const get of clientGets) {
      const parent = parentOf(get)!;
      expect(parent.name).toBe('execute_tool get_weather');
      expect(get.attributes['gen_ai.conversation.id']).toBe(conversationId);
      expect(get.attributes['gen_ai.agent.call.id']).toBe(parent.attributes['gen_ai.agent.call.id']);
      // Starts inside its step (undici may report the end a tick after the tool's await returns).
      expect(toNs(get.startTime) >= toNs(parent.startTime)).toBe(true);
    }
    // The model's HTTP calls nest under their chat span.
    const posts = capture.spans().filter((s) => s.name === 'POST' && s.kind === 2);
    expect(posts).toHaveLength(6);
    for (const post of posts) expect(parentOf(post)!.attributes['gen_ai.operation.name']).toBe('chat');

    // Downstream: the service's spans carry the same ids, in the same trace as the run.
    const remote = await downstream.sink.waitFor(
      (s) => s.filter((x) => x.service === 'downstream' && x.name === 'downstream-work').length === 2,
    );
    const work = remote.filter((s) => s.service === 'downstream' && s.name === 'downstream-work');
    for (const [i, root] of roots.entries()) {
      const w = work[i]!;
      expect(w.attributes['gen_ai.conversation.id']).toBe(conversationId);
      expect(w.attributes['gen_ai.agent.call.id']).toBe(root.attributes['gen_ai.agent.call.id']);
      expect(w.attributes['gen_ai.agent.name']).toBe('triage');
      expect(w.traceId.toLowerCase()).toBe(root.spanContext().traceId);
    }

    // The SDK's own processor saw groupId = our conversation id on both traces.
    await sdkProcessor.forceFlush();
    expect(sdkTraces.map((t) => t.groupId)).toEqual([conversationId, conversationId]);

    // The inspector: one conversation, two turns, each named by its run.
    const conversation = await inspectConversation(capture.spans(), conversationId!);
    expect(conversation?.turns.map((t) => t.runId)).toEqual(
      roots.map((r) => r.attributes['gen_ai.agent.call.id']),
    );
    expect(conversation?.turns.map((t) => t.agentName)).toEqual(['triage', 'triage']);
    expect(conversation?.turns.every((t) => t.toolCalls === 1 && t.modelCalls === 3)).toBe(true);
    expect(conversation?.turns[1]?.parentRunId).toBe(roots[0]!.attributes['gen_ai.agent.call.id']);
  });
});

function toNs([s, ns]: [number, number]): bigint {
  return BigInt(s) * 1_000_000_000n + BigInt(ns);
}

describe('convtrace/openai-agents: conversation id rules', () => {
  it('explicit id > runner groupId; groupId is used when nothing explicit is given', async () => {
    const runner = new Runner({ groupId: 'thread-42' });
    fake.script({ text: 'a' }, { text: 'b' });
    await runWithConversation(weatherAgent, 'hi', {}, { runner });
    await runWithConversation(weatherAgent, 'hi', {}, { runner, conversationId: 'explicit-1' });
    const roots = byName(ours(), 'invoke_workflow Agent workflow');
    expect(roots.map((r) => r.attributes['gen_ai.conversation.id'])).toEqual(['thread-42', 'explicit-1']);
  });

  it('a session continues its conversation: the session id is the conversation id', async () => {
    const session = new MemorySession({ sessionId: 'session-7' });
    await runWithConversation(weatherAgent, 'one', { session });
    await runWithConversation(weatherAgent, 'two', { session });
    const roots = byName(ours(), 'invoke_workflow Agent workflow');
    expect(roots.map((r) => r.attributes['gen_ai.conversation.id'])).toEqual(['session-7', 'session-7']);
  });

  it('previousResponseId continues the conversation; it is recorded as a response id, never as gen_ai.conversation.id', async () => {
    const first = await runWithConversation(weatherAgent, 'one');
    await runWithConversation(weatherAgent, 'two', { previousResponseId: first.lastResponseId });
    const [a, b] = byName(ours(), 'invoke_workflow Agent workflow');
    expect(b!.attributes['gen_ai.conversation.id']).toBe(a!.attributes['gen_ai.conversation.id']);
    expect(b!.attributes['gen_ai.request.previous_response.id']).toBe(first.lastResponseId);
    const chat = ours().filter(
      (s) => s.attributes['gen_ai.request.previous_response.id'] === first.lastResponseId,
    );
    expect(chat.map((s) => s.name)).toContain('chat gpt-4.1-mini');
  });

  it("the SDK's OpenAI conversationId is openai.conversation.id; gen_ai.conversation.id stays ours and is kept across turns", async () => {
    const client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 });
    const { id: serverConversation } = await client.conversations.create();
    await runWithConversation(weatherAgent, 'one', { conversationId: serverConversation });
    await runWithConversation(weatherAgent, 'two', { conversationId: serverConversation });
    const roots = byName(ours(), 'invoke_workflow Agent workflow');
    const ids = roots.map((r) => r.attributes['gen_ai.conversation.id']);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).not.toBe(serverConversation);
    for (const s of ours()) expect(s.attributes['gen_ai.conversation.id']).not.toBe(serverConversation);
    expect(roots.map((r) => r.attributes['openai.conversation.id'])).toEqual([
      serverConversation,
      serverConversation,
    ]);
    const chats = ours().filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
    expect(chats.map((c) => c.attributes['openai.conversation.id'])).toEqual([
      serverConversation,
      serverConversation,
    ]);
  });

  it('two runs continuing the same turn are branches; a fork with conversationId "new" names where it came from', async () => {
    const first = await runWithConversation(weatherAgent, 'one');
    await runWithConversation(weatherAgent, [...first.history, user('two')]);
    await runWithConversation(weatherAgent, [...first.history, user('two, again')]);
    await runWithConversation(
      weatherAgent,
      [...first.history, user('elsewhere')],
      {},
      { conversationId: 'new' },
    );
    const roots = byName(ours(), 'invoke_workflow Agent workflow');
    const [a, b, c, fork] = roots.map((r) => r.attributes);
    expect(b!['convtrace.history.run_id']).toBe(a!['gen_ai.agent.call.id']);
    expect(c!['convtrace.history.run_id']).toBe(a!['gen_ai.agent.call.id']);
    expect(fork!['gen_ai.conversation.id']).not.toBe(a!['gen_ai.conversation.id']);
    expect(fork!['convtrace.history.conversation_id']).toBe(a!['gen_ai.conversation.id']);
    const conversation = await inspectConversation(capture.spans(), String(a!['gen_ai.conversation.id']));
    expect(conversation?.turns).toHaveLength(3);
    expect(conversation?.lanes).toBe(2);
    expect(conversation?.forks.map((f) => f.conversationId)).toEqual([fork!['gen_ai.conversation.id']]);
  });

  it('a run resumed from its RunState after a tool approval keeps the conversation id', async () => {
    const risky = tool({
      name: 'risky',
      description: 'Needs approval',
      parameters: z.object({}),
      needsApproval: true,
      execute: async () => 'done',
    });
    const careful = new Agent({ name: 'careful', model: 'gpt-4.1-mini', tools: [risky] });
    fake.script({ toolCalls: [{ name: 'risky', arguments: {} }] }, { text: 'finished' });
    const paused = await runWithConversation(careful, 'do it');
    expect(paused.interruptions).toHaveLength(1);
    paused.state.approve(paused.interruptions[0]!);
    const resumed = await runWithConversation(careful, paused.state);
    expect(resumed.finalOutput).toBe('finished');
    const ids = new Set(ours().map((s) => s.attributes['gen_ai.conversation.id']));
    expect(ids.size).toBe(1);
    expect(new Set(ours().map((s) => s.attributes['gen_ai.agent.call.id'])).size).toBe(2);
  });

  it('a fresh input gets a fresh conversation id; a bad explicit id is a typed error before the run', async () => {
    await runWithConversation(weatherAgent, 'one');
    await runWithConversation(weatherAgent, 'two');
    const roots = byName(ours(), 'invoke_workflow Agent workflow');
    expect(roots[0]!.attributes['gen_ai.conversation.id']).not.toBe(
      roots[1]!.attributes['gen_ai.conversation.id'],
    );
    const requests = fake.requests.length;
    await expect(
      runWithConversation(weatherAgent, 'x', {}, { conversationId: 'x'.repeat(300) }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(fake.requests.length).toBe(requests);
  });

  it('without the wrapper the processor alone still maps the run and writes its conversation id into groupId', async () => {
    const runner = new Runner();
    const result = await runner.run(weatherAgent, 'plain');
    expect(result.finalOutput).toBe('echo: plain');
    const [root] = byName(ours(), 'invoke_workflow Agent workflow');
    await sdkProcessor.forceFlush();
    expect(sdkTraces.at(-1)?.groupId).toBe(root!.attributes['gen_ai.conversation.id']);
    expect(root!.attributes['gen_ai.agent.name']).toBe('weather');
  });
});

describe('convtrace/openai-agents: failures stay inside the instrumentation', () => {
  it('a throw inside the processor (span creation) leaves the run result unchanged and is reported through diag', async () => {
    const errors = captureDiagErrors();
    const broken = new ConvtraceTracingProcessor({
      tracerProvider: throwingTracerProvider(),
    });
    setTraceProcessors([sdkProcessor, broken]);
    try {
      scriptTurn('Nice');
      const result = await runWithConversation(triage, 'Weather in Nice?');
      expect(result.finalOutput).toBe('It is sunny in Nice');
      expect(result.lastAgent?.name).toBe('weather');
    } finally {
      setTraceProcessors([sdkProcessor, processor]);
      diag.disable();
    }
    expect(errors.some((args) => String(args[0]).includes('openai-agents processor failed'))).toBe(true);
    expect(ours()).toHaveLength(0);
  });
});

describe('convtrace/openai-agents: streaming and content capture', () => {
  it('a streamed run: the workflow span ends with the stream, and the next turn continues its conversation', async () => {
    scriptTurn('Oslo');
    const streamed = await runWithConversation(triage, 'Weather in Oslo?', { stream: true });
    for await (const _event of streamed) {
      // drain
    }
    await streamed.completed;
    expect(streamed.finalOutput).toBe('It is sunny in Oslo');
    const [root] = byName(ours(), 'invoke_workflow Agent workflow');
    expect(root).toBeDefined();
    expect(byName(ours(), 'execute_tool get_weather')[0]!.attributes['gen_ai.agent.call.id']).toBe(
      root!.attributes['gen_ai.agent.call.id'],
    );
    await runWithConversation(weatherAgent, [...streamed.history, user('thanks')]);
    const roots = byName(ours(), 'invoke_workflow Agent workflow');
    expect(roots[1]!.attributes['gen_ai.conversation.id']).toBe(root!.attributes['gen_ai.conversation.id']);
  });

  it('content is recorded only when opted in, capped at maxContentLength', async () => {
    const recording = new ConvtraceTracingProcessor({ captureContent: true, maxContentLength: 2000 });
    setTraceProcessors([recording]);
    try {
      scriptTurn('Bergen');
      await runWithConversation(triage, `Weather in Bergen? ${'please '.repeat(1000)}`);
    } finally {
      setTraceProcessors([sdkProcessor, processor]);
    }
    const chat = ours().find((s) => s.attributes['gen_ai.response.finish_reasons']?.toString() === 'stop')!;
    const input = JSON.parse(String(chat.attributes['gen_ai.input.messages']));
    // The semconv layer's one truncation rule: the oldest messages (here the huge prompt) give way first,
    // behind a marker; the newest stay whole.
    expect(input[0]).toMatchObject({ role: 'system', parts: [{ type: 'truncated', dropped_messages: 1 }] });
    expect(input.at(-1).parts[0].type).toBe('tool_call_response');
    expect(String(chat.attributes['gen_ai.input.messages']).length).toBeLessThanOrEqual(2000);
    expect(JSON.parse(String(chat.attributes['gen_ai.output.messages']))).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'It is sunny in Bergen' }],
        finish_reason: 'stop',
      },
    ]);
    const tool = byName(ours(), 'execute_tool get_weather')[0]!;
    expect(JSON.parse(String(tool.attributes['gen_ai.tool.call.arguments']))).toEqual({ city: 'Bergen' });
    expect(String(tool.attributes['gen_ai.tool.call.result'])).toContain('sunny in Bergen');
  });
});

describe('convtrace/openai-agents: guardrails and failing tools', () => {
  it('a guardrail keeps its own name; a tool that throws marks its execute_tool span failed while the run goes on', async () => {
    const flaky = tool({
      name: 'flaky',
      description: 'Always fails',
      parameters: z.object({}),
      execute: async () => {
        throw new Error('service down');
      },
    });
    const guarded = new Agent({
      name: 'guarded',
      model: 'gpt-4.1-mini',
      tools: [flaky],
      inputGuardrails: [
        { name: 'polite', execute: async () => ({ tripwireTriggered: false, outputInfo: null }) },
      ],
    });
    fake.script({ toolCalls: [{ name: 'flaky', arguments: {} }] }, { text: 'sorry' });
    const result = await runWithConversation(guarded, 'try it');
    expect(result.finalOutput).toBe('sorry');
    const [guardrail] = byName(ours(), 'guardrail polite');
    expect(guardrail?.attributes['openai_agents.guardrail.triggered']).toBe(false);
    expect(guardrail?.attributes['gen_ai.conversation.id']).toBeDefined();
    const [failed] = byName(ours(), 'execute_tool flaky');
    expect(failed?.status.code).toBe(2);
    expect(failed?.status.message).toMatch(/^Error running tool/);
  });
});
