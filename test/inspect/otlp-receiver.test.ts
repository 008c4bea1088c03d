import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
// The protobuf encoder the OTel JS SDK itself uses (dependency of the OTLP exporters), independent of ours.
import {
  JsonLogsSerializer,
  ProtobufMetricsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeOtlpProtobufRequest } from '../../src/inspect/ingest/otlp-proto.ts';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/inspect/ingest/otlp-receiver.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { StoreSource } from '../../src/inspect/sources/store-source.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { DEMO, demoConversation } from './fixtures.ts';
import { postOtlpJson, toOtlpJson } from './otlp-encode.ts';

async function post(
  url: string,
  body: Uint8Array | string,
  headers: Record<string, string>,
): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body: typeof body === 'string' ? body : Buffer.from(body) });
}

function recordSpans(
  run: (tracer: ReturnType<TracerProvider['getTracer']>) => void,
  exporter: InMemorySpanExporter | OTLPTraceExporter,
) {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'exporter-test' }),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  run(provider.getTracer('test'));
  return provider;
}

function makeRunSpans(tracer: ReturnType<TracerProvider['getTracer']>): void {
  const ids = {
    'gen_ai.conversation.id': 'conv-sdk',
    'gen_ai.agent.call.id': 'run-sdk',
    'gen_ai.agent.name': 'sdk',
  };
  const root = tracer.startSpan('invoke_agent sdk', {
    attributes: { ...ids, 'gen_ai.operation.name': 'invoke_agent' },
  });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const chat = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      attributes: {
        ...ids,
        'gen_ai.operation.name': 'chat',
        'gen_ai.usage.input_tokens': 11,
        'gen_ai.usage.output_tokens': 4,
      },
    },
    ctx,
  );
  chat.end();
  root.end();
}

describe('built-in OTLP/HTTP receiver', () => {
  let dir: string;
  let store: SpanStore;
  let receiver: OtlpReceiver;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-recv-'));
    store = await SpanStore.open({ dataDir: dir });
    receiver = await startOtlpReceiver({ port: 0, maxBodyBytes: 64 * 1024, onSpans: (s) => store.append(s) });
  });
  afterEach(async () => {
    await receiver.close();
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 and stores OTLP/JSON', async () => {
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(receiver.tracesUrl, JSON.stringify(toOtlpJson(demoConversation())), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    expect(store.size).toBe(demoConversation().length);
  });

  it('accepts the real @opentelemetry/exporter-trace-otlp-http exporter', async () => {
    const provider = recordSpans(makeRunSpans, new OTLPTraceExporter({ url: receiver.tracesUrl }));
    await provider.forceFlush();
    await provider.shutdown();
    const c = assembleConversation(await new StoreSource(store).conversationSpans('conv-sdk'), 'conv-sdk')!;
    expect(c.turns).toHaveLength(1);
    expect(c.turns[0]!.spans[0]!.name).toBe('invoke_agent sdk');
    expect(c.turns[0]!.spans[0]!.children.map((n) => n.name)).toEqual(['chat gpt-4o-mini']);
    expect(c.turns[0]!.spans[0]!.serviceName).toBe('exporter-test');
    expect(c.usage).toMatchObject({ inputTokens: 11, outputTokens: 4 });
  });

  it('accepts OTLP/protobuf from the SDK serializer, gzip-compressed too, and answers in protobuf', async () => {
    const memory = new InMemorySpanExporter();
    recordSpans(makeRunSpans, memory);
    const body = ProtobufTraceSerializer.serializeRequest(memory.getFinishedSpans())!;
    const res = await post(receiver.tracesUrl, body, { 'content-type': 'application/x-protobuf' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    expect(store.size).toBe(2);
    const gz = await post(receiver.tracesUrl, gzipSync(body), {
      'content-type': 'application/x-protobuf',
      'content-encoding': 'gzip',
    });
    expect(gz.status).toBe(200);
    expect(store.size).toBe(2); // same spans again: deduplicated
    const spans = await new StoreSource(store).conversationSpans('conv-sdk');
    const chat = spans.find((s) => s.name.startsWith('chat'))!;
    const root = spans.find((s) => s.name.startsWith('invoke_agent'))!;
    expect(chat.parentSpanId).toBe(root.spanId);
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(11);
  });

  it('decodes protobuf encoded from the OTLP/JSON shape (same views as JSON)', async () => {
    const spans = demoConversation();
    const json = toOtlpJson(spans) as { resourceSpans: Array<Record<string, unknown>> };
    // protobufjs fromObject wants bytes for ids: convert the hex ids.
    const withBytes = JSON.parse(JSON.stringify(json), (key, value) =>
      (key === 'traceId' || key === 'spanId' || key === 'parentSpanId') && typeof value === 'string'
        ? Buffer.from(value, 'hex').toString('base64')
        : value,
    );
    const res = await post(receiver.tracesUrl, encodeOtlpProtobufRequest(withBytes), {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(200);
    const fromProto = assembleConversation(
      await new StoreSource(store).conversationSpans(DEMO.conv),
      DEMO.conv,
    );
    expect(fromProto).toEqual(assembleConversation(spans, DEMO.conv));
  });

  it.each([
    ['application/json', '{"resourceSpans": 5}'],
    ['application/json', '{not json'],
    ['application/json', '[]'],
    ['application/x-protobuf', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f])],
    ['application/x-protobuf', Buffer.from('definitely not protobuf, but text')],
  ])('answers malformed %s with 400 and an OTLP Status body', async (type, body) => {
    const res = await post(receiver.tracesUrl, body as string, { 'content-type': type });
    expect(res.status).toBe(400);
    if (type === 'application/json') {
      const status = (await res.json()) as { code: number; message: string };
      expect(status.code).toBe(3);
      expect(status.message).toMatch(/invalid OTLP payload/);
    } else {
      expect(res.headers.get('content-type')).toBe('application/x-protobuf');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect(store.size).toBe(0);
  });

  it('answers oversized bodies with 413: declared, streamed and decompressed', async () => {
    const big = JSON.stringify({ resourceSpans: [], pad: 'x'.repeat(100 * 1024) });
    expect((await post(receiver.tracesUrl, big, { 'content-type': 'application/json' })).status).toBe(413);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(8 * 1024).fill(32));
        controller.close();
      },
    });
    const chunked = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024, 32));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await post(receiver.tracesUrl, bomb, {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(res.status).toBe(413);
    // Still serving.
    expect(await postOtlpJson(receiver.tracesUrl, demoConversation())).toBe(200);
  });

  it('rejects other content types (415), methods (405) and paths (404)', async () => {
    expect((await post(receiver.tracesUrl, 'x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await fetch(receiver.tracesUrl)).status).toBe(405);
    expect(
      (await post(`${receiver.url}/v1/other`, '{}', { 'content-type': 'application/json' })).status,
    ).toBe(404);
  });

  it('acknowledges OTLP metrics and logs (200, counted, not stored), so an SDK pointed here logs no export errors', async () => {
    class Reader extends MetricReader {
      protected override async onShutdown(): Promise<void> {}
      protected override async onForceFlush(): Promise<void> {}
    }
    const reader = new Reader();
    const meters = new MeterProvider({ readers: [reader] });
    meters.getMeter('test').createCounter('requests').add(3);
    const { resourceMetrics } = await reader.collect();
    const metrics = ProtobufMetricsSerializer.serializeRequest(resourceMetrics)!;
    const res = await post(`${receiver.url}/v1/metrics`, metrics, {
      'content-type': 'application/x-protobuf',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const logs = JsonLogsSerializer.serializeRequest([])!;
    expect((await post(`${receiver.url}/v1/logs`, logs, { 'content-type': 'application/json' })).status).toBe(
      200,
    );
    expect(receiver.discarded).toEqual({ metrics: 1, logs: 1 });
    expect(store.size).toBe(0);
    await meters.shutdown();
  });

  it('never crashes on fuzzed input: every answer is 200 or 400 (1,200 cases)', async () => {
    const statuses = new Set<number>();
    const valid = toOtlpJson(demoConversation().slice(0, 6));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const res = await post(receiver.tracesUrl, bytes, { 'content-type': 'application/x-protobuf' });
        await res.arrayBuffer();
        statuses.add(res.status);
        return res.status === 200 || res.status === 400;
      }),
      { numRuns: 400 },
    );
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) => {
        const res = await post(receiver.tracesUrl, JSON.stringify(value), {
          'content-type': 'application/json',
        });
        await res.arrayBuffer();
        statuses.add(res.status);
        return res.status === 200 || res.status === 400;
      }),
      { numRuns: 400 },
    );
    // Structure-aware: replace one node of a valid document with arbitrary JSON.
    const paths: Array<Array<string | number>> = [];
    const walk = (v: unknown, p: Array<string | number>) => {
      paths.push(p);
      if (v && typeof v === 'object')
        for (const [k, c] of Object.entries(v)) walk(c, [...p, Array.isArray(v) ? Number(k) : k]);
    };
    walk(valid, []);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: paths.length - 1 }),
        fc.jsonValue({ maxDepth: 3 }),
        async (i, value) => {
          const doc = structuredClone(valid) as Record<string | number, unknown>;
          const path = paths[i]!;
          let target = doc as Record<string | number, unknown>;
          for (const key of path.slice(0, -1)) target = target[key] as Record<string | number, unknown>;
          target[path[path.length - 1]!] = value;
          const res = await post(receiver.tracesUrl, JSON.stringify(doc), {
            'content-type': 'application/json',
          });
          await res.arrayBuffer();
          statuses.add(res.status);
          return res.status === 200 || res.status === 400;
        },
      ),
      { numRuns: 400 },
    );
    expect([...statuses].sort()).toEqual([200, 400]);
    expect(await postOtlpJson(receiver.tracesUrl, demoConversation())).toBe(200);
  });

  it('keeps received data across a restart (receiver and store reopened on the same directory)', async () => {
    expect(await postOtlpJson(receiver.tracesUrl, demoConversation())).toBe(200);
    const before = assembleConversation(await new StoreSource(store).conversationSpans(DEMO.conv), DEMO.conv);
    await receiver.close();
    const reopened = await SpanStore.open({ dataDir: dir });
    receiver = await startOtlpReceiver({ port: 0, onSpans: (s: SpanRecord[]) => reopened.append(s) });
    const after = assembleConversation(
      await new StoreSource(reopened).conversationSpans(DEMO.conv),
      DEMO.conv,
    );
    expect(after).toEqual(before);
    expect(after!.turns).toHaveLength(4);
  });
});
