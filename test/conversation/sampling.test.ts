import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationSampler,
  conversationSamplerFromEnv,
  isConversationSampled,
} from '../../src/conversation/sampling.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { installTracing } from '../../src/otel/install.ts';
import type { TracingHandle } from '../../src/otel/options.ts';
import { agentRun } from '../../src/run/agent-run.ts';

/** The documented algorithm, written out independently of the implementation. */
function reference(id: string, ratio: number): boolean {
  const x = createHash('sha256').update(Buffer.from(id, 'utf8')).digest().readBigUInt64BE(0);
  return x < BigInt(Math.floor(ratio * 2 ** 64));
}

describe('isConversationSampled', () => {
  it('follows the documented SHA-256 / 64-bit threshold rule for every id and ratio', () => {
    for (let i = 0; i < 2000; i++) {
      const id = `conv-${i}-ü`;
      for (const ratio of [0.01, 0.3, 0.5, 0.99])
        expect(isConversationSampled(id, ratio)).toBe(reference(id, ratio));
    }
  });

  it('keeps about `ratio` of ids, all at 1 and none at 0, and is monotone in the ratio', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `c${i}`);
    const kept = ids.filter((id) => isConversationSampled(id, 0.3)).length / ids.length;
    expect(kept).toBeGreaterThan(0.27);
    expect(kept).toBeLessThan(0.33);
    expect(ids.every((id) => isConversationSampled(id, 1))).toBe(true);
    expect(ids.some((id) => isConversationSampled(id, 0))).toBe(false);
    for (const id of ids.slice(0, 500))
      if (isConversationSampled(id, 0.2)) expect(isConversationSampled(id, 0.4)).toBe(true);
  });
});

describe('configuration', () => {
  it('reads OTEL_TRACES_SAMPLER=convtrace_conversation_ratio with its argument', () => {
    const s = conversationSamplerFromEnv({
      OTEL_TRACES_SAMPLER: 'convtrace_conversation_ratio',
      OTEL_TRACES_SAMPLER_ARG: '0.25',
    });
    expect(s?.ratio).toBe(0.25);
    expect(conversationSamplerFromEnv({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' })).toBeUndefined();
  });

  it('rejects a bad ratio with a typed error naming the variable or option', () => {
    expect(() =>
      conversationSamplerFromEnv({
        OTEL_TRACES_SAMPLER: 'convtrace_conversation_ratio',
        OTEL_TRACES_SAMPLER_ARG: 'lots',
      }),
    ).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
    expect(() => new ConversationSampler({ ratio: 2 })).toThrow(InvalidArgumentError);
  });
});

describe('ConversationSampler in a process', () => {
  const exporter = new InMemorySpanExporter();
  let handle: TracingHandle;
  let undo: () => void;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    handle = installTracing({
      exporter,
      simpleExport: true,
      serviceName: 'sampling-test',
      sampler: new ConversationSampler({ ratio: 0.5, fallbackRatio: 0 }),
    });
    undo = registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
    // A chat endpoint: the HTTP server span starts before the conversation id (in the body) is known.
    // Required after the instrumentation is registered, so node:http is patched as in an app.
    const http = createRequire(import.meta.url)('node:http') as typeof import('node:http');
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', async () => {
        const { conversationId } = JSON.parse(body) as { conversationId: string };
        trace.getTracer('app').startSpan('parse body').end();
        await agentRun({ agentName: 'chat', conversationId }, async () => {
          trace.getTracer('app').startSpan('tool work').end();
        });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
    undo();
    await handle.shutdown();
  });

  // A browser-like client: no trace context, so the server span is the trace's root.
  const post = async (conversationId: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/chat`, {
      method: 'POST',
      body: JSON.stringify({ conversationId }),
    });
    await res.text();
  };

  it('keeps or drops a whole chat request, including the HTTP span that started before the id was known', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `chat-conv-${i}`);
    for (const id of ids) await post(id);
    await handle.forceFlush();
    const spans = exporter
      .getFinishedSpans()
      .filter((s) => s.resource.attributes['service.name'] === 'sampling-test');
    const byTrace = new Map<string, typeof spans>();
    for (const s of spans)
      byTrace.set(s.spanContext().traceId, [...(byTrace.get(s.spanContext().traceId) ?? []), s]);
    const keptIds = new Set<string>();
    for (const list of byTrace.values()) {
      const run = list.find((s) => s.name === 'invoke_agent chat');
      // Every exported server-side trace is a whole request: root server span, body parsing, run, tool.
      expect(run, 'a trace without its run').toBeDefined();
      const conv = String(run!.attributes['gen_ai.conversation.id']);
      keptIds.add(conv);
      const names = list.map((s) => s.name).sort();
      expect(names).toEqual(expect.arrayContaining(['POST', 'invoke_agent chat', 'parse body', 'tool work']));
      const root = list.find((s) => s.name === 'POST' && s.kind === 1)!;
      expect(run!.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
      for (const s of list) expect(s.spanContext().traceFlags & 1).toBe(1);
    }
    expect([...keptIds].sort()).toEqual(ids.filter((id) => isConversationSampled(id, 0.5)).sort());
    expect(keptIds.size).toBeGreaterThan(0);
    expect(keptIds.size).toBeLessThan(ids.length);
  });

  it('decides spans outside any conversation by the fallback ratio (0 here: none exported)', async () => {
    exporter.reset();
    trace.getTracer('app').startSpan('cron job').end();
    await handle.forceFlush();
    expect(exporter.getFinishedSpans().map((s) => s.name)).not.toContain('cron job');
  });
});
