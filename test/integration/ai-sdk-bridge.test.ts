/**
 * `convtrace/ai-sdk` with the real `ai` v7 and `@ai-sdk/otel`: `generateText` / `streamText` with a
 * mock model and a tool that calls a service started with `--import convtrace/register`. Spans of
 * both processes go to the inspector's own OTLP receiver and store.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { generateText, registerTelemetry, stepCountIs, streamText, ToolLoopAgent, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConvtraceTelemetry, chatRun } from '../../src/bridges/ai-sdk/index.ts';
import { startOtlpReceiver } from '../../src/inspect/ingest/otlp-receiver.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { forEachNode } from '../../src/inspect/model/span-tree.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { installTracing } from '../../src/otel/install.ts';
import type { TracingHandle } from '../../src/otel/options.ts';
import { mockModel } from '../support/ai-sdk-mock.ts';
import { type Downstream, startDownstream } from '../support/downstream.ts';

const CONV = 'gen_ai.conversation.id';
const RUN = 'gen_ai.agent.call.id';

let store: SpanStore;
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
let tracing: TracingHandle;
let undo: () => void;
let downstream: Downstream;
let port: number;

beforeAll(async () => {
  store = await SpanStore.open({ dataDir: await mkdtemp(join(tmpdir(), 'convtrace-ai-sdk-')) });
  receiver = await startOtlpReceiver({ port: 0, onSpans: (s) => store.append(s) });
  tracing = installTracing({ endpoint: receiver.tracesUrl, simpleExport: true, serviceName: 'ai-app' });
  undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });
  registerTelemetry(new ConvtraceTelemetry({ agentName: 'weather' }));
  downstream = await startDownstream(receiver.url);
  port = downstream.port;
});

afterAll(async () => {
  await downstream?.stop();
  undo?.();
  await tracing?.shutdown();
  await receiver?.close();
});

/** The tool: an HTTP call to the downstream service, returning the `baggage` header it saw. */
const weather = tool({
  description: 'Current weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => {
    const res = await fetch(`http://127.0.0.1:${port}/weather?city=${encodeURIComponent(city)}`);
    return (await res.json()) as { baggage: string | null };
  },
});

const callOptions = () => ({
  model: mockModel('sunny', { toolName: 'weather', input: { city: 'Paris' } }),
  tools: { weather },
  stopWhen: stepCountIs(3),
  prompt: 'Weather in Paris?',
});

function baggageOf(header: string | null | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of (header ?? '').split(',')) {
    const [k, v] = entry.trim().split('=');
    if (k && v) out[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return out;
}

async function waitForSpans(pred: (spans: SpanRecord[]) => boolean): Promise<SpanRecord[]> {
  for (let i = 0; i < 200; i++) {
    const spans = store.recentSpans();
    if (pred(spans)) return spans;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`spans never arrived: ${store.recentSpans().map((s) => s.name)}`);
}

/** Spans of one trace, local and downstream, once the downstream work span is in. */
async function traceOfRun(runId: string): Promise<SpanRecord[]> {
  const spans = await waitForSpans((all) =>
    all.some((s) => s.name === 'downstream-work' && s.attributes[RUN] === runId),
  );
  const traceId = spans.find((s) => s.attributes[RUN] === runId)!.traceId;
  return spans.filter((s) => s.traceId === traceId);
}

/** This process's spans: the AI SDK's (`@ai-sdk/otel`) and the tool's HTTP client span. */
function aiSdkSpans(spans: SpanRecord[]): SpanRecord[] {
  return spans.filter((s) => s.serviceName === 'ai-app');
}

describe('ConvtraceTelemetry: every AI SDK call is a run, no wrapper', () => {
  it('generateText and streamText each get a run id, a fresh conversation id, on every span and downstream', async () => {
    const generated = await generateText(callOptions());
    const streamed = streamText(callOptions());
    await streamed.consumeStream();
    const g = baggageOf((generated.steps[0]!.toolResults[0]!.output as { baggage: string }).baggage);
    const s = baggageOf(((await streamed.steps)[0]!.toolResults[0]!.output as { baggage: string }).baggage);

    for (const ids of [g, s]) {
      expect(ids[RUN]).toMatch(/^[0-9a-f-]{36}$/);
      expect(ids[CONV]).toMatch(/^[0-9a-f-]{36}$/);
      expect(ids['gen_ai.agent.name']).toBe('weather');
      const spans = await traceOfRun(ids[RUN]!);
      const ai = aiSdkSpans(spans);
      // invoke_agent, step, model call and execute_tool spans of the AI SDK, all with the ids.
      expect(ai.map((x) => x.name)).toEqual(
        expect.arrayContaining(['invoke_agent mock-weather', 'execute_tool weather']),
      );
      expect(ai.length).toBeGreaterThanOrEqual(5);
      const remote = spans.filter((x) => x.serviceName === 'downstream');
      expect(remote.map((x) => x.name)).toContain('downstream-work');
      for (const span of [...ai, ...remote]) {
        expect({ name: span.name, conv: span.attributes[CONV], run: span.attributes[RUN] }).toEqual({
          name: span.name,
          conv: ids[CONV],
          run: ids[RUN],
        });
      }
    }
    expect(g[RUN]).not.toBe(s[RUN]);
    expect(g[CONV]).not.toBe(s[CONV]);
  });
});

describe('chatRun: two calls on one chat id are one conversation', () => {
  it('generateText then streamText on chat-42: one conversation id, two run ids, both turns in the inspector', async () => {
    const first = await chatRun({ chatId: 'chat-42' }, async (run) => ({
      run,
      result: await generateText(callOptions()),
    }));
    const second = await chatRun({ chatId: 'chat-42' }, async (run) => {
      const result = streamText(callOptions());
      await result.consumeStream();
      return { run, result };
    });
    expect(first.run.conversationId).toBe('chat-42');
    expect(second.run.conversationId).toBe('chat-42');
    expect(first.run.runId).not.toBe(second.run.runId);

    for (const { run } of [first, second]) {
      const spans = await traceOfRun(run.runId);
      const ai = aiSdkSpans(spans);
      const remote = spans.filter((x) => x.serviceName === 'downstream');
      expect(ai.length).toBeGreaterThanOrEqual(5);
      expect(remote.length).toBeGreaterThanOrEqual(1);
      for (const span of [...ai, ...remote]) {
        expect([span.name, span.attributes[CONV], span.attributes[RUN]]).toEqual([
          span.name,
          'chat-42',
          run.runId,
        ]);
      }
    }

    const conversation = assembleConversation(store.recentSpans(), 'chat-42')!;
    expect(conversation.turns.map((t) => t.runId)).toEqual([first.run.runId, second.run.runId]);
    for (const turn of conversation.turns) {
      expect(turn.toolCalls).toBe(1);
      expect(turn.modelCalls).toBeGreaterThanOrEqual(2);
      const names: string[] = [];
      forEachNode(turn.spans, (n) => names.push(n.name));
      expect(names).toEqual(expect.arrayContaining(['invoke_agent mock-weather', 'downstream-work']));
    }
  });

  it('a call made in a tool of a run joins that run instead of starting another', async () => {
    const nested = tool({
      description: 'asks another model',
      inputSchema: z.object({ q: z.string() }),
      execute: async ({ q }) => (await generateText({ model: mockModel(`inner: ${q}`), prompt: q })).text,
    });
    const { run } = await chatRun({ chatId: 'chat-nested' }, async (run) => {
      await generateText({
        model: mockModel('done', { toolName: 'nested', input: { q: 'hi' } }),
        tools: { nested },
        stopWhen: stepCountIs(3),
        prompt: 'go',
      });
      return { run };
    });
    const spans = await waitForSpans(
      (all) =>
        all.filter((s) => s.name === 'invoke_agent mock-weather' && s.attributes[RUN] === run.runId)
          .length === 2,
    );
    const mine = aiSdkSpans(spans).filter((s) => s.attributes[CONV] === 'chat-nested');
    expect(new Set(mine.map((s) => s.attributes[RUN]))).toEqual(new Set([run.runId]));
    expect(assembleConversation(store.recentSpans(), 'chat-nested')!.turns).toHaveLength(1);
  });
});

describe('AI SDK agents', () => {
  it('ToolLoopAgent.generate is a run of its own, and joins the chat when called in chatRun', async () => {
    const agent = new ToolLoopAgent({
      model: mockModel('sunny', { toolName: 'weather', input: { city: 'Oslo' } }),
      tools: { weather },
      stopWhen: stepCountIs(3),
    });
    const bare = await agent.generate({ prompt: 'Weather in Oslo?' });
    const bareIds = baggageOf((bare.steps[0]!.toolResults[0]!.output as { baggage: string }).baggage);
    const inChat = await chatRun({ chatId: 'chat-agent' }, async (run) => ({
      run,
      result: await agent.generate({ prompt: 'And now?' }),
    }));
    const chatIds = baggageOf(
      (inChat.result.steps[0]!.toolResults[0]!.output as { baggage: string }).baggage,
    );
    expect(bareIds[RUN]).toMatch(/^[0-9a-f-]{36}$/);
    expect(chatIds).toMatchObject({ [RUN]: inChat.run.runId, [CONV]: 'chat-agent' });
    for (const ids of [bareIds, chatIds]) {
      const spans = aiSdkSpans(await traceOfRun(ids[RUN]!));
      expect(spans.map((x) => x.name)).toContain('invoke_agent mock-weather');
      for (const span of spans) expect(span.attributes[CONV]).toBe(ids[CONV]);
    }
  });
});
