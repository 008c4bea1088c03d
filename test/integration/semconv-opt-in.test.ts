/**
 * Issue 16 item 5: `OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental` switches span
 * attribute keys and metric names to the latest experimental GenAI conventions
 * (open-telemetry/semantic-conventions-genai), on both chat-span paths — the instrumented `openai`
 * client on the fake OpenAI and the agent's own span for a `FunctionModel` replaying the same
 * responses — and adds `gen_ai.agent.invocation.id` (genai PR #250) next to every run id; without
 * it the output is exactly today's. The mode is read once at setup, so each block re-resolves it
 * with the test-only reset hook before it sets tracing up; `semconv-opt-in-env.test.ts` checks the
 * real environment path in child processes.
 */
import { trace } from '@opentelemetry/api';
import {
  DataPointType,
  type HistogramMetricData,
  MeterProvider,
  type MetricData,
  MetricReader,
  type SumMetricData,
} from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { generateText, registerTelemetry } from 'ai';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { ConvtraceTelemetry } from '../../src/bridges/ai-sdk/index.ts';
import { instrumentOpenAI } from '../../src/instrumentation/openai/index.ts';
import type { ModelResponse } from '../../src/messages/types.ts';
import { FunctionModel } from '../../src/models/function-model.ts';
import { OpenAIResponsesModel } from '../../src/models/openai/responses-model.ts';
import { resetGenAISemconv, SEMCONV_STABILITY_OPT_IN_ENV } from '../../src/semconv/stability.ts';
import { captureSpans, type SpanCapture } from '../../src/testing/index.ts';
import { mockModel } from '../support/ai-sdk-mock.ts';
import type { FakeOpenAI } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

let fake: FakeOpenAI;
useFakeOpenAI((started) => ({ fake } = started));

const USAGE = { inputTokens: 21, outputTokens: 5, cachedTokens: 4, cacheWriteTokens: 2, reasoningTokens: 1 };

/** One scripted run on each path: what it left behind. */
interface Scripted {
  /** Spans of the run through the instrumented client, by name (`chat gpt-4.1` twice). */
  client: ReadableSpan[];
  /** Spans of the same run replayed through a FunctionModel (the agent makes the chat spans). */
  agent: ReadableSpan[];
  /** The metrics the instrumented client recorded (the run plus one failed call). */
  metrics: MetricData[];
}

/**
 * Sets `OTEL_SEMCONV_STABILITY_OPT_IN` (or removes it), re-resolves the mode, sets tracing up, and
 * runs the scripted conversation on both paths: a tool call whose tool starts a span of "another
 * instrumentation", then an answer with cached, cache-written and reasoning tokens.
 */
function useScriptedRun(optIn: string | undefined): { scripted: () => Scripted; capture: () => SpanCapture } {
  let capture: SpanCapture;
  let scripted: Scripted;
  beforeAll(async () => {
    if (optIn === undefined) delete process.env[SEMCONV_STABILITY_OPT_IN_ENV];
    else process.env[SEMCONV_STABILITY_OPT_IN_ENV] = optIn;
    resetGenAISemconv();
    capture = captureSpans();
    const weather = tool({
      name: 'get_weather',
      description: 'Weather for a city.',
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => {
        trace.getTracer('other-instrumentation').startSpan('GET weather').end();
        return `sunny in ${city}`;
      },
    });
    const agentOn = (model: OpenAIResponsesModel | FunctionModel) =>
      new Agent({ name: 'optin', model, tools: [weather] });

    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const client = instrumentOpenAI(
      new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-optin', maxRetries: 0 }),
      { meterProvider },
    );
    fake.script(
      { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }], usage: USAGE },
      { text: 'Sunny.', usage: USAGE },
      { error: { status: 400 } },
    );
    const result = await agentOn(new OpenAIResponsesModel('gpt-4.1', { client })).run('weather in Paris?', {
      conversationId: 'c-optin',
    });
    await expect(client.responses.create({ model: 'gpt-4.1', input: 'fails' })).rejects.toThrow();
    const clientSpans = capture.spans();
    const { resourceMetrics } = await reader.collect();
    await meterProvider.shutdown();
    capture.reset();

    const responses = result.allMessages().filter((m): m is ModelResponse => m.kind === 'response');
    let i = 0;
    const replay = new FunctionModel(() => responses[i++]!, { modelName: 'gpt-4.1', system: 'openai' });
    await agentOn(replay).run('weather in Paris?', { conversationId: 'c-optin' });
    scripted = {
      client: clientSpans,
      agent: capture.spans(),
      metrics: resourceMetrics.scopeMetrics.flatMap((s) => s.metrics),
    };
  });
  afterAll(async () => {
    await capture.shutdown();
    delete process.env[SEMCONV_STABILITY_OPT_IN_ENV];
    resetGenAISemconv();
  });
  return { scripted: () => scripted, capture: () => capture };
}

/** The run's spans named `prefix…` (the failed call outside the run has no run id). */
const named = (spans: ReadableSpan[], prefix: string) =>
  spans.filter((s) => s.name.startsWith(prefix) && s.attributes['gen_ai.agent.call.id'] !== undefined);
const keysOf = (span: ReadableSpan) => Object.keys(span.attributes).sort();
const metricNames = (s: Scripted) => s.metrics.map((m) => m.descriptor.name).sort();
const metricNamed = (s: Scripted, name: string) => s.metrics.find((m) => m.descriptor.name === name);
/** The chat span that answered (second model call) on each path. */
const answers = (s: Scripted) => [named(s.client, 'chat ')[1]!, named(s.agent, 'chat ')[1]!];

describe('default (no opt-in): the output convtrace has always written', () => {
  beforeEach(() => {
    expect(process.env[SEMCONV_STABILITY_OPT_IN_ENV]).toBeUndefined();
  });
  const { scripted } = useScriptedRun(undefined);

  it('the same span attribute keys as before the opt-in existed, on every span of both paths', () => {
    const s = scripted();
    const ids = ['gen_ai.agent.call.id', 'gen_ai.agent.name', 'gen_ai.conversation.id'];
    const chatKeys = [
      ...ids,
      'gen_ai.operation.name',
      'gen_ai.provider.name',
      'gen_ai.request.model',
      'gen_ai.response.finish_reasons',
      'gen_ai.response.id',
      'gen_ai.response.model',
      'gen_ai.usage.cache_creation.input_tokens',
      'gen_ai.usage.cache_read.input_tokens',
      'gen_ai.usage.input_tokens',
      'gen_ai.usage.output_tokens',
      'gen_ai.usage.reasoning.output_tokens',
    ].sort();
    const clientOnly = ['openai.api.type', 'openai.response.service_tier', 'server.address', 'server.port'];
    const agentKeys = [
      'convtrace.turn.index',
      'gen_ai.agent.call.id',
      'gen_ai.agent.name',
      'gen_ai.conversation.id',
      'gen_ai.operation.name',
      'gen_ai.provider.name',
      'gen_ai.request.model',
    ].sort();
    const toolKeys = [
      ...ids,
      'gen_ai.operation.name',
      'gen_ai.tool.call.id',
      'gen_ai.tool.description',
      'gen_ai.tool.name',
      'gen_ai.tool.type',
    ].sort();
    for (const [spans, extra] of [
      [s.client, clientOnly],
      [s.agent, []],
    ] as const) {
      expect(named(spans, 'chat ').map(keysOf)).toEqual([
        [...chatKeys, ...extra].sort(),
        [...chatKeys, ...extra].sort(),
      ]);
      expect(named(spans, 'invoke_agent').map(keysOf)).toEqual([agentKeys]);
      expect(named(spans, 'execute_tool').map(keysOf)).toEqual([toolKeys]);
      expect(named(spans, 'GET weather').map(keysOf)).toEqual([[...ids].sort()]);
    }
  });

  it('gen_ai.usage.cache_creation.input_tokens, not cache_write, on both chat-span paths', () => {
    for (const span of answers(scripted())) {
      expect(span.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(2);
      expect(span.attributes).not.toHaveProperty(['gen_ai.usage.cache_write.input_tokens']);
    }
  });

  it('no gen_ai.agent.invocation.id on any span', () => {
    const s = scripted();
    for (const span of [...s.client, ...s.agent]) {
      expect(span.attributes).not.toHaveProperty(['gen_ai.agent.invocation.id']);
    }
  });

  it('the metrics are gen_ai.client.token.usage and gen_ai.client.operation.duration, nothing else', () => {
    const s = scripted();
    expect(metricNames(s)).toEqual(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage']);
    const usage = metricNamed(s, 'gen_ai.client.token.usage') as HistogramMetricData;
    expect(usage.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(usage.dataPoints.map((d) => d.attributes['gen_ai.token.type']).sort()).toEqual([
      'input',
      'output',
    ]);
    // Only reported counts: the failed call adds no token data point.
    expect(usage.dataPoints.map((d) => d.value.sum).sort()).toEqual([10, 42]);
  });
});

describe('OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental', () => {
  // A comma list; other instrumentations' entries are ignored.
  const { scripted, capture } = useScriptedRun('http, gen_ai_latest_experimental');

  it('gen_ai.usage.cache_write.input_tokens replaces cache_creation on the instrumented-client chat span', () => {
    const [viaClient] = answers(scripted());
    expect(viaClient!.instrumentationScope.name).toBe('convtrace/openai');
    expect(viaClient!.attributes['gen_ai.usage.cache_write.input_tokens']).toBe(2);
    expect(viaClient!.attributes).not.toHaveProperty(['gen_ai.usage.cache_creation.input_tokens']);
  });

  it('gen_ai.usage.cache_write.input_tokens replaces cache_creation on the agent-made chat span', () => {
    const [, viaAgent] = answers(scripted());
    expect(viaAgent!.instrumentationScope.name).toBe('convtrace');
    expect(viaAgent!.attributes['gen_ai.usage.cache_write.input_tokens']).toBe(2);
    expect(viaAgent!.attributes).not.toHaveProperty(['gen_ai.usage.cache_creation.input_tokens']);
  });

  it('gen_ai.agent.invocation.id next to gen_ai.agent.call.id on invoke_agent and every span of the run', () => {
    const s = scripted();
    for (const spans of [s.client, s.agent]) {
      const [run] = named(spans, 'invoke_agent');
      const runId = run!.attributes['gen_ai.agent.call.id'];
      expect(runId).toEqual(expect.any(String));
      expect(run!.attributes['gen_ai.agent.invocation.id']).toBe(runId);
      // chat (either path), execute_tool, and a span of another instrumentation (baggage processor).
      const inside = spans.filter((sp) => sp !== run && sp.attributes['gen_ai.agent.call.id'] !== undefined);
      expect(inside.map((sp) => sp.name).sort()).toEqual([
        'GET weather',
        'chat gpt-4.1',
        'chat gpt-4.1',
        'execute_tool get_weather',
      ]);
      for (const sp of inside) expect(sp.attributes['gen_ai.agent.invocation.id']).toBe(runId);
    }
  });

  it('the AI SDK bridge writes gen_ai.agent.invocation.id next to the run id on its spans', async () => {
    capture().reset();
    registerTelemetry(new ConvtraceTelemetry({ agentName: 'sdk' }));
    await generateText({ model: mockModel('hello'), prompt: 'hi' });
    const spans = capture().spans();
    const run = spans.find((sp) => sp.name.startsWith('invoke_agent'));
    const runId = run?.attributes['gen_ai.agent.call.id'];
    expect(runId).toEqual(expect.any(String));
    const carrying = spans.filter((sp) => sp.attributes['gen_ai.agent.call.id'] === runId);
    expect(carrying.length).toBeGreaterThan(1);
    for (const sp of carrying) expect(sp.attributes['gen_ai.agent.invocation.id']).toBe(runId);
  });

  it('the rest of the span keys stay as they are: only the switched names differ from the default', () => {
    const [viaClient, viaAgent] = answers(scripted());
    for (const span of [viaClient!, viaAgent!]) {
      expect(span.attributes).toMatchObject({
        'gen_ai.usage.input_tokens': 21,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.usage.cache_read.input_tokens': 4,
        'gen_ai.usage.reasoning.output_tokens': 1,
        'gen_ai.operation.name': 'chat',
      });
    }
  });

  it('gen_ai.client.inference.duration replaces gen_ai.client.operation.duration', () => {
    const s = scripted();
    expect(metricNamed(s, 'gen_ai.client.operation.duration')).toBeUndefined();
    const duration = metricNamed(s, 'gen_ai.client.inference.duration') as HistogramMetricData;
    expect(duration.descriptor.unit).toBe('s');
    expect(duration.dataPoints.map((d) => d.attributes['error.type'] ?? null).sort()).toEqual([
      'BadRequestError',
      null,
    ]);
    expect(duration.dataPoints.map((d) => d.value.count).sort()).toEqual([1, 2]);
  });

  it.each([
    ['gen_ai.client.inference.usage.input_tokens', 42],
    ['gen_ai.client.inference.usage.output_tokens', 10],
    ['gen_ai.client.inference.usage.cache_read.input_tokens', 8],
    ['gen_ai.client.inference.usage.cache_write.input_tokens', 4],
    ['gen_ai.client.inference.usage.reasoning.output_tokens', 2],
  ])('%s: a token counter by gen_ai.token.modality, failed calls counted as 0', (name, total) => {
    const s = scripted();
    const counter = metricNamed(s, name) as SumMetricData;
    expect(counter.dataPointType).toBe(DataPointType.SUM);
    expect(counter.isMonotonic).toBe(true);
    expect(counter.descriptor.unit).toBe('{token}');
    // The answered calls, and the failed one (no response model) with 0.
    const byModel = Object.fromEntries(
      counter.dataPoints.map((d) => [String(d.attributes['gen_ai.response.model'] ?? 'none'), d.value]),
    );
    expect(byModel).toEqual({ 'gpt-4.1': total, none: 0 });
    for (const d of counter.dataPoints) {
      expect(d.attributes).toMatchObject({
        'gen_ai.token.modality': 'unknown',
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'gen_ai.request.model': 'gpt-4.1',
      });
      expect(d.attributes).not.toHaveProperty(['error.type']);
    }
  });

  it.each([
    ['gen_ai.client.inference.operation.input_tokens', 21],
    ['gen_ai.client.inference.operation.output_tokens', 5],
  ])('%s: a per-operation histogram with the semconv buckets, no modality', (name, each) => {
    const s = scripted();
    const histogram = metricNamed(s, name) as HistogramMetricData;
    expect(histogram.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(histogram.dataPoints[0]!.value.buckets.boundaries.at(-1)).toBe(67108864);
    const ok = histogram.dataPoints.find((d) => d.attributes['error.type'] === undefined)!;
    expect(ok.value).toMatchObject({ count: 2, sum: 2 * each });
    expect(ok.attributes).not.toHaveProperty(['gen_ai.token.modality']);
    const failed = histogram.dataPoints.find((d) => d.attributes['error.type'] === 'BadRequestError')!;
    expect(failed.value).toMatchObject({ count: 1, sum: 0 });
  });

  it('gen_ai.client.token.usage is no longer recorded', () => {
    const s = scripted();
    expect(metricNamed(s, 'gen_ai.client.token.usage')).toBeUndefined();
    expect(metricNames(s)).toEqual([
      'gen_ai.client.inference.duration',
      'gen_ai.client.inference.operation.input_tokens',
      'gen_ai.client.inference.operation.output_tokens',
      'gen_ai.client.inference.usage.cache_read.input_tokens',
      'gen_ai.client.inference.usage.cache_write.input_tokens',
      'gen_ai.client.inference.usage.input_tokens',
      'gen_ai.client.inference.usage.output_tokens',
      'gen_ai.client.inference.usage.reasoning.output_tokens',
    ]);
  });
});
