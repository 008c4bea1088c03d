/**
 * App → collector (collector/otelcol.yaml) → Jaeger (collector/jaeger.yaml), all real binaries on
 * loopback. Proves: secrets never reach what Jaeger stores; prompt/output/tool content is dropped by
 * default and kept with CONVTRACE_CAPTURE_CONTENT=true; the Logfire overlay sends the same scrubbed
 * spans with the raw `Authorization` token; the UI config is injected into the page Jaeger serves;
 * the linkPattern URL for a conversation, translated to Jaeger's API, returns exactly its traces.
 * The full secrets corpus (every token format in every place) is test/e2e/secrets-corpus.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertBinaries,
  COLLECTOR_DIR,
  DASHBOARDS_DIR,
  shouldRunPipelineTests,
} from '../support/binaries.ts';
import { type CollectorHandle, type JaegerHandle, startCollector, startJaeger } from '../support/pipeline.ts';
import {
  eventually,
  JaegerApi,
  type JaegerTrace,
  searchUrlToApiQuery,
  tagValue,
} from './support/jaeger-api.ts';
import { type LinkPattern, spanTagLinks } from './support/link-patterns.ts';
import { createOtlpApp, emitTurn, type OtlpApp } from './support/otel-app.ts';

const OPENAI_KEY = `sk-proj-${'A1b2C3d4'.repeat(4)}`;
const BEARER = `Bearer ${'tok3n'.repeat(6)}`;
const URL_SECRET = 'UrlSecret0123456789';
const LOGFIRE_TOKEN = 'pylf_v1_us_e2eTokenValue123';

/** One turn whose spans carry every kind of sensitive data convtrace users could leak. */
function emitSensitiveTurn(app: OtlpApp, conversationId: string, marker: string): string {
  const prompt = JSON.stringify([
    { role: 'user', parts: [{ type: 'text', content: `PROMPT-${marker} my key is ${OPENAI_KEY}` }] },
  ]);
  const turn = emitTurn(app.tracer, conversationId, {
    invoke_agent: {
      'http.request.header.authorization': [BEARER],
      'openai.api_key': OPENAI_KEY,
      'error.message': `401 for key ${OPENAI_KEY}`,
      'url.full': `https://api.example.test/v1?api_key=${URL_SECRET}&x=1`,
      'gen_ai.system_instructions': `INSTRUCTIONS-${marker}`,
    },
    chat: {
      'gen_ai.input.messages': prompt,
      'gen_ai.output.messages': `OUTPUT-${marker}`,
      'gen_ai.usage.input_tokens': 42,
      'gen_ai.usage.output_tokens': 7,
    },
    execute_tool: {
      'gen_ai.tool.call.arguments': `ARGS-${marker}`,
      'gen_ai.tool.call.result': `RESULT-${marker}`,
    },
  });
  // Content as a span event too (older GenAI conventions put it there).
  const span = app.tracer.startSpan('chat event-style', {
    attributes: { 'gen_ai.conversation.id': conversationId },
  });
  span.addEvent('gen_ai.client.inference.operation.details', { 'gen_ai.input.messages': `EVENT-${marker}` });
  span.end();
  return turn.traceId;
}

interface SinkRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function startSink(): Promise<{ server: Server; url: string; requests: SinkRequest[] }> {
  const requests: SinkRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      requests.push({ path: req.url ?? '', headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

describe.runIf(shouldRunPipelineTests())('collector scrubbing and Jaeger queries', () => {
  let jaeger: JaegerHandle;
  let scrubbing: CollectorHandle;
  let capturing: CollectorHandle;
  let sink: Awaited<ReturnType<typeof startSink>>;
  let api: JaegerApi;
  const apps: OtlpApp[] = [];

  beforeAll(async () => {
    assertBinaries();
    sink = await startSink();
    jaeger = await startJaeger();
    api = new JaegerApi(jaeger.queryUrl);
    const common = { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint };
    [scrubbing, capturing] = await Promise.all([
      startCollector({
        name: 'otelcol(default+logfire)',
        configs: [join(COLLECTOR_DIR, 'otelcol.yaml'), join(COLLECTOR_DIR, 'otelcol-logfire.yaml')],
        env: { ...common, LOGFIRE_TOKEN, LOGFIRE_BASE_URL: sink.url },
      }),
      startCollector({ name: 'otelcol(capture)', env: { ...common, CONVTRACE_CAPTURE_CONTENT: 'true' } }),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled(apps.map((a) => a.shutdown()));
    await Promise.allSettled([scrubbing?.stop(), capturing?.stop(), jaeger?.stop()]);
    sink?.server.close();
  });

  async function storedTrace(traceId: string): Promise<{ trace: JaegerTrace; raw: string }> {
    return eventually(
      () => api.getTrace(traceId),
      (t) => t !== undefined && t.trace.spans.length >= 3,
      { what: `trace ${traceId} in Jaeger` },
    ) as Promise<{ trace: JaegerTrace; raw: string }>;
  }

  it('by default: secrets and prompt/output/tool content are absent, ids and token counts kept', async () => {
    const app = createOtlpApp({ url: scrubbing.otlpHttpTracesUrl, serviceName: 'e2e-scrub-default' });
    apps.push(app);
    const marker = randomUUID();
    const conversationId = `conv-${marker}`;
    const traceId = emitSensitiveTurn(app, conversationId, marker);
    await app.forceFlush();
    const { trace: stored, raw } = await storedTrace(traceId);

    for (const secret of [OPENAI_KEY, BEARER, 'tok3ntok3n', URL_SECRET, 'PROMPT-']) {
      expect(raw).not.toContain(secret);
    }
    for (const content of ['INSTRUCTIONS-', 'OUTPUT-', 'ARGS-', 'RESULT-', 'EVENT-']) {
      expect(raw).not.toContain(content);
    }
    const keys = stored.spans.flatMap((s) => s.tags.map((t) => t.key));
    for (const removed of ['http.request.header.authorization', 'openai.api_key', 'gen_ai.input.messages']) {
      expect(keys).not.toContain(removed);
    }
    const chat = stored.spans.find((s) => s.operationName === 'chat e2e-model');
    expect(chat && tagValue(chat, 'gen_ai.usage.input_tokens')).toBe('42');
    expect(stored.spans.every((s) => tagValue(s, 'gen_ai.conversation.id') === conversationId)).toBe(true);
    const root = stored.spans.find((s) => s.operationName === 'invoke_agent e2e');
    expect(root && tagValue(root, 'error.message')).toBe('401 for key [REDACTED]');
    expect(root && tagValue(root, 'url.full')).toBe('https://api.example.test/v1?api_key=[REDACTED]&x=1');
  });

  it('the Logfire overlay exports the same scrubbed spans with the raw Authorization token', async () => {
    const marker = randomUUID();
    const app = createOtlpApp({ url: scrubbing.otlpHttpTracesUrl, serviceName: 'e2e-logfire' });
    apps.push(app);
    emitSensitiveTurn(app, `conv-${marker}`, marker);
    await app.forceFlush();
    const request = await eventually(
      async () => sink.requests.find((r) => r.body.includes(`conv-${marker}`)),
      (r) => r !== undefined,
      { what: 'an OTLP request at the Logfire sink' },
    );
    expect(request?.path).toBe('/v1/traces');
    expect(request?.headers.authorization).toBe(LOGFIRE_TOKEN);
    expect(request?.body.includes(OPENAI_KEY)).toBe(false);
    expect(request?.body.includes('PROMPT-')).toBe(false);
  });

  it('with CONVTRACE_CAPTURE_CONTENT=true: content is kept, secrets are still masked', async () => {
    const app = createOtlpApp({ url: capturing.otlpHttpTracesUrl, serviceName: 'e2e-scrub-capture' });
    apps.push(app);
    const marker = randomUUID();
    const traceId = emitSensitiveTurn(app, `conv-${marker}`, marker);
    await app.forceFlush();
    const { trace: stored, raw } = await storedTrace(traceId);
    const chat = stored.spans.find((s) => s.operationName === 'chat e2e-model');
    expect(chat && tagValue(chat, 'gen_ai.input.messages')).toContain(
      `PROMPT-${marker} my key is [REDACTED]`,
    );
    for (const content of ['INSTRUCTIONS-', 'OUTPUT-', 'ARGS-', 'RESULT-']) {
      expect(raw).toContain(`${content}${marker}`);
    }
    for (const secret of [OPENAI_KEY, 'tok3ntok3n', URL_SECRET]) expect(raw).not.toContain(secret);
  });

  it('Jaeger serves the UI config from dashboards/jaeger-ui.json injected into its page', async () => {
    const html = await api.indexHtml();
    const match = /JAEGER_CONFIG = (\{.*\});/.exec(html);
    expect(match).not.toBeNull();
    const injected = JSON.parse(match?.[1] ?? '{}') as unknown;
    const shipped = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'jaeger-ui.json'), 'utf8')) as unknown;
    expect(injected).toEqual(shipped);
  });

  it('the conversation linkPattern, translated to the API query, returns exactly that conversation', async () => {
    const app = createOtlpApp({ url: scrubbing.otlpHttpTracesUrl, serviceName: 'e2e-links' });
    apps.push(app);
    const conversationId = `conv-${randomUUID()}`;
    const mine = [0, 1, 2].map(() => emitTurn(app.tracer, conversationId).traceId);
    const other = emitTurn(app.tracer, `conv-${randomUUID()}`).traceId;
    await app.forceFlush();
    await storedTrace(other);
    const stored = await Promise.all(mine.map(storedTrace));

    // Rendered as jaeger-ui renders the tag link on a span of the first turn (anchors written by the
    // collector on its invoke_agent span), then sent as the UI's search page sends it.
    const first = stored[0]!.trace;
    const span = first.spans.find((s) => s.operationName === 'chat e2e-model')!;
    const config = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'jaeger-ui.json'), 'utf8')) as {
      linkPatterns: LinkPattern[];
    };
    const uiUrl =
      spanTagLinks(config.linkPatterns, first, span, 'gen_ai.conversation.id').find((l) =>
        l.url.startsWith('/search'),
      )?.url ?? '';
    expect(new URL(uiUrl, 'http://ui.invalid').searchParams.get('service')).toBe('e2e-links');
    const { traces } = await api.findTracesByQuery(searchUrlToApiQuery(uiUrl));
    expect(traces.map((t) => t.traceID).sort()).toEqual([...mine].sort());
  });
});
