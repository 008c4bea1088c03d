/**
 * `OpenAIInstrumentation` (the `@opentelemetry/instrumentation` plugin): prototype patching of the
 * `openai` module (v5/v6/v7), no double spans with `instrumentOpenAI` on top, unpatching, one warning
 * for an unsupported version, the GenAI metrics with semconv buckets, and the real ESM loader-hook path
 * in a child `node --import` process.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';
import {
  DataPointType,
  type HistogramMetricData,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import * as openaiV7 from 'openai';
import * as openaiV5 from 'openai-v5';
import * as openaiV6 from 'openai-v6';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  instrumentOpenAI,
  OPERATION_DURATION_BUCKETS,
  OpenAIInstrumentation,
  TOKEN_USAGE_BUCKETS,
} from '../../src/instrumentation/openai/index.ts';
import type { FakeOpenAI } from '../support/fake-openai/index.ts';
import { useOpenAITracing } from '../support/openai-tracing.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const warnings: string[] = [];
const logger: DiagLogger = {
  error: () => {},
  warn: (msg) => warnings.push(msg),
  info: () => {},
  debug: () => {},
  verbose: () => {},
};

let fake: FakeOpenAI;
const { exporter, provider } = useOpenAITracing((started) => ({ fake } = started));
beforeAll(() => {
  diag.setLogger(logger, DiagLogLevel.WARN);
});
afterAll(() => diag.disable());
beforeEach(() => {
  warnings.length = 0;
});

type Ctor = new (opts: Record<string, unknown>) => InstanceType<typeof openaiV7.OpenAI>;
const modules: Array<[string, Record<string, unknown>, Ctor, string]> = [
  ['openai v7', openaiV7, openaiV7.OpenAI as unknown as Ctor, '7.57.0'],
  ['openai-v5', openaiV5, openaiV5.OpenAI as unknown as Ctor, '5.23.2'],
  ['openai-v6', openaiV6, openaiV6.OpenAI as unknown as Ctor, '6.49.0'],
];

describe.each(modules)('OpenAIInstrumentation on %s', (_label, mod, OpenAI, version) => {
  it('patches the prototypes: every client is traced, once, and unpatching stops it', async () => {
    const inst = new OpenAIInstrumentation({ enabled: false });
    inst.setTracerProvider(provider);
    inst.manuallyInstrument(mod, version);
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 });
      await client.responses.create({ model: 'gpt-4.1', input: 'a' });
      await client.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'b' }],
      });
      expect(exporter.getFinishedSpans().map((s) => s.attributes['openai.api.type'])).toEqual([
        'responses',
        'chat_completions',
      ]);
      // A client instrumented on top of the prototype patch still makes one span per call.
      exporter.reset();
      const both = instrumentOpenAI(new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 }), {
        tracerProvider: provider,
      });
      await both.responses.create({ model: 'gpt-4.1', input: 'c' });
      expect(exporter.getFinishedSpans()).toHaveLength(1);
      // Without options, an already traced client (here: through the prototype) is left alone.
      const plain = new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 });
      const before = plain.responses.create;
      expect(instrumentOpenAI(plain).responses.create).toBe(before);
    } finally {
      inst.manuallyUninstrument(mod);
    }
    exporter.reset();
    await new OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 }).responses.create({
      model: 'gpt-4.1',
      input: 'd',
    });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(warnings).toEqual([]);
  });
});

describe('unsupported versions', () => {
  it('the plugin logs one clear warning and patches nothing', () => {
    const inst = new OpenAIInstrumentation({ enabled: false });
    const proto = openaiV7.OpenAI.Responses.prototype;
    const before = proto.create;
    inst.manuallyInstrument(openaiV7, '4.104.0');
    inst.manuallyInstrument(openaiV7, '4.104.0');
    expect(proto.create).toBe(before);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('openai 4.104.0 is not supported');
    expect(warnings[0]).toContain('>=5 <8');
  });

  it('instrumentOpenAI warns once for a client of an unsupported major and leaves it alone', () => {
    const make = () => {
      const client = new openaiV7.OpenAI({ apiKey: 'k', baseURL: fake.baseURL });
      Object.defineProperty(client, 'getUserAgent', { value: () => 'OpenAI/JS 8.0.0' });
      return client;
    };
    const a = make();
    const create = a.responses.create;
    instrumentOpenAI(a);
    instrumentOpenAI(make());
    expect(a.responses.create).toBe(create);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('openai OpenAI/JS 8.0.0 is not supported');
  });

  it('instrumentOpenAI on something that is not a client warns instead of throwing', () => {
    expect(() => instrumentOpenAI({ hello: 'world' })).not.toThrow();
    expect(warnings.some((w) => w.includes('nothing traced'))).toBe(true);
  });
});

describe('OpenAIInstrumentation config', () => {
  it('captureMessageContent and setMeterProvider apply to the patched prototypes', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const inst = new OpenAIInstrumentation({ enabled: false, captureMessageContent: true });
    inst.setTracerProvider(provider);
    inst.setMeterProvider(meterProvider);
    inst.manuallyInstrument(openaiV7, '7.57.0');
    try {
      const client = new openaiV7.OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 });
      await client.responses.create({ model: 'gpt-4.1', input: 'captured prompt' });
      const span = exporter.getFinishedSpans()[0]!;
      expect(span.attributes['gen_ai.input.messages']).toContain('captured prompt');
      inst.setConfig({ captureMessageContent: false });
      exporter.reset();
      await client.responses.create({ model: 'gpt-4.1', input: 'not captured' });
      expect(JSON.stringify(exporter.getFinishedSpans()[0]!.attributes)).not.toContain('not captured');
      const { resourceMetrics } = await reader.collect();
      const names = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.descriptor.name));
      expect(names).toContain('gen_ai.client.operation.duration');
    } finally {
      inst.manuallyUninstrument(openaiV7);
      await meterProvider.shutdown();
    }
  });
});

describe('metrics', () => {
  it('records gen_ai.client.token.usage and operation.duration with the semconv buckets', async () => {
    const reader = new TestReader();
    const meterProvider = new MeterProvider({ readers: [reader] });
    const client = instrumentOpenAI(
      new openaiV7.OpenAI({ apiKey: 'k', baseURL: fake.baseURL, maxRetries: 0 }),
      {
        tracerProvider: provider,
        meterProvider,
      },
    );
    fake.script({ text: 'ok', usage: { inputTokens: 30, outputTokens: 7 } }, { error: { status: 400 } });
    await client.responses.create({ model: 'gpt-4.1', input: 'x' });
    await expect(client.responses.create({ model: 'gpt-4.1', input: 'y' })).rejects.toThrow();
    const { resourceMetrics } = await reader.collect();
    const metrics = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics);
    const usage = metrics.find(
      (m) => m.descriptor.name === 'gen_ai.client.token.usage',
    ) as HistogramMetricData;
    const duration = metrics.find(
      (m) => m.descriptor.name === 'gen_ai.client.operation.duration',
    ) as HistogramMetricData;
    expect(usage.dataPointType).toBe(DataPointType.HISTOGRAM);
    expect(usage.descriptor.unit).toBe('{token}');
    expect(duration.descriptor.unit).toBe('s');
    expect(usage.dataPoints[0]?.value.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect(TOKEN_USAGE_BUCKETS.at(-1)).toBe(67108864);
    expect(duration.dataPoints[0]?.value.buckets.boundaries).toEqual(OPERATION_DURATION_BUCKETS);
    expect(OPERATION_DURATION_BUCKETS.at(-1)).toBe(81.92);
    const byType = Object.fromEntries(
      usage.dataPoints.map((d) => [d.attributes['gen_ai.token.type'], d.value.sum]),
    );
    expect(byType).toEqual({ input: 30, output: 7 });
    expect(usage.dataPoints[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1',
      'gen_ai.response.model': 'gpt-4.1',
      'server.address': '127.0.0.1',
    });
    expect(duration.dataPoints.map((d) => d.attributes['error.type'] ?? null).sort()).toEqual([
      'BadRequestError',
      null,
    ]);
    expect(duration.dataPoints.every((d) => d.value.count === 1 && (d.value.sum ?? 0) > 0)).toBe(true);
    await meterProvider.shutdown();
  });
});

describe('optional peer dependency (child process)', () => {
  it('the instrumentation module loads and runs where `openai` cannot be resolved', async () => {
    const blocker = `data:text/javascript,${encodeURIComponent(
      'export async function resolve(s, c, next) { if (s === "openai" || s.startsWith("openai/")) ' +
        'throw new Error("openai is not installed"); return next(s, c); }',
    )}`;
    const app = [
      `import { register } from 'node:module';`,
      `register(${JSON.stringify(blocker)});`,
      `await import('openai').then(() => { throw new Error('blocker failed'); }, () => {});`,
      `const m = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'src/instrumentation/openai/index.ts')).href)});`,
      'new m.OpenAIInstrumentation();',
      'm.instrumentOpenAI({});',
      `console.log('loaded without openai');`,
    ].join('\n');
    const { stdout } = await promisify(execFile)('npx', ['node', '--input-type=module', '-e', app], {
      cwd: ROOT,
      timeout: 60_000,
    });
    expect(stdout).toContain('loaded without openai');
  });
});

describe('ESM loader hook (child process)', () => {
  it('node --import with the import-in-the-middle hook patches `import OpenAI from "openai"`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'convtrace-openai-hook-'));
    try {
      const url = (p: string) => pathToFileURL(join(ROOT, p)).href;
      const register = join(dir, 'register.mjs');
      writeFileSync(
        register,
        [
          `import { register } from 'node:module';`,
          `register(${JSON.stringify(url('node_modules/@opentelemetry/instrumentation/hook.mjs'))});`,
          `const { trace } = await import(${JSON.stringify(url('node_modules/@opentelemetry/api/dist/index.mjs'))});`,
          `const sdk = await import(${JSON.stringify(url('node_modules/@opentelemetry/sdk-trace/dist/index.mjs'))});`,
          `const { OpenAIInstrumentation } = await import(${JSON.stringify(url('src/instrumentation/openai/index.ts'))});`,
          'const exporter = new sdk.InMemorySpanExporter();',
          'trace.setGlobalTracerProvider(new sdk.TracerProvider({ spanProcessors: [new sdk.SimpleSpanProcessor({ exporter })] }));',
          'new OpenAIInstrumentation();',
          'globalThis.__spans = () => exporter.getFinishedSpans();',
        ].join('\n'),
      );
      const app = [
        `import OpenAI from 'openai';`,
        `const body = JSON.stringify({ id: 'resp_1', object: 'response', status: 'completed', model: 'gpt-4.1', output: [], usage: { input_tokens: 3, output_tokens: 2 } });`,
        `const fetch = async () => new Response(body, { headers: { 'content-type': 'application/json' } });`,
        `const client = new OpenAI({ apiKey: 'k', fetch, maxRetries: 0 });`,
        `await client.responses.create({ model: 'gpt-4.1', input: 'hi' });`,
        `console.log(JSON.stringify(globalThis.__spans().map((s) => [s.name, s.attributes['gen_ai.usage.input_tokens'], s.attributes['server.address']])));`,
      ].join('\n');
      const { stdout } = await promisify(execFile)(
        'npx',
        ['node', '--import', pathToFileURL(register).href, '--input-type=module', '-e', app],
        { cwd: ROOT, timeout: 60_000 },
      );
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual([['chat gpt-4.1', 3, 'api.openai.com']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
