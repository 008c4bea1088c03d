/**
 * Backend profiles against a real Arize Phoenix (issue 16, item 3): a 3-turn conversation served
 * through a chat endpoint — each turn one POST to a node:http server (real HttpInstrumentation, so
 * each trace's root is the HTTP SERVER span, which starts before the conversation id in the body is
 * known) whose handler runs a convtrace Agent — exported over OTLP/HTTP protobuf to Phoenix.
 *
 * With `profiles: ['openinference']`, Phoenix's own API shows ONE session (session_id = the
 * conversation id) holding exactly the three traces, every trace's root span (the HTTP span) carries
 * `session.id`, and Phoenix's root-span session filter (`attributes["session.id"] == …`) finds it.
 * Without the profile (another conversation id) no root span carries `session.id` and that filter
 * finds nothing — so the test fails if the profile's root-span stamping goes.
 *
 * What Phoenix 20.26.1 actually reads (its source, and observed here):
 * - Session membership is NOT root-only any more: `phoenix/db/insertion/span.py` (`insert_span`) reads
 *   `session.id` on every span and attaches the trace to the session of the first span that has one
 *   (Phoenix #5629 removed the root-span requirement).
 * - It maps `gen_ai.conversation.id` itself, on EVERY span, not only roots:
 *   `phoenix/trace/otel.py` (`decode_otlp_span`) merges `phoenix/trace/gen_ai/conversion.py`'s
 *   synthesized attributes — `gen_ai.conversation.id` → `session.id` on any span with a `gen_ai.*`
 *   key — without overriding a `session.id` already there. So without the profile the three traces
 *   still form a session, through the (non-root) `invoke_agent` / `chat` / `execute_tool` spans;
 *   the second test asserts it, so a Phoenix upgrade that goes root-only again shows up here.
 * - Root-span-only readings remain: the session filter's `attributes[…]`, `user.id`, `metadata[…]`
 *   (the session's earliest root span) and the session's first input / last output (root spans'
 *   `input.value` / `output.value`). Those are what the profile's root stamping serves in this
 *   version; the "no session without the profile" (phoenix #13521) does not hold for it.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import type { BackendProfile } from '../../src/conversation/profiles.ts';
import type { ModelMessage } from '../../src/messages/types.ts';
import { installTracing } from '../../src/otel/install.ts';
import { TestModel } from '../../src/testing/index.ts';
import { PHOENIX_START_TIMEOUT, type Phoenix, startPhoenix } from '../support/phoenix.ts';
import { assertVenv, PHOENIX_VENV, shouldRunPythonTests } from '../support/python-venv.ts';

/** Phoenix ingests asynchronously (a queue flushed into SQLite); this bounds the polling. */
const INGEST_TIMEOUT = 60_000;

const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Finds an order',
  parameters: z.object({ orderId: z.string() }),
  execute: ({ orderId }) => ({ orderId, status: 'shipped' }),
});
const agent = new Agent({ name: 'support-chat', model: new TestModel(), tools: [lookupOrder] });

/** What the chat endpoint answers for one turn. */
interface TurnReply {
  traceId: string;
  conversationId: string;
  runId: string;
  output: string;
}

/** Phoenix's `GET /v1/sessions/{session_id}` body. */
interface PhoenixSession {
  data: { session_id: string; traces: { trace_id: string }[] };
}

/** Phoenix's `GET /v1/projects/{project}/spans` body (the fields read here). */
interface PhoenixSpans {
  data: {
    name: string;
    parent_id: string | null;
    context: { trace_id: string };
    attributes: Record<string, unknown>;
  }[];
}

/** Phoenix's `GET /v1/projects/{project}/sessions` body (the fields read here). */
interface PhoenixSessionList {
  data: { session_id: string }[];
}

/** Polls `read` until `done` holds for its value; returns the last value either way. */
async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + INGEST_TIMEOUT;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await sleep(250);
    value = await read();
  }
  return value;
}

describe.runIf(shouldRunPythonTests(PHOENIX_VENV))('backend profiles in a real Phoenix', () => {
  let phoenix: Phoenix;
  let http: HttpInstrumentation;
  let undo: () => void;
  let server: Server;
  let port: number;
  /** The chat backend's conversation store: the client sends only the id and the new message. */
  const histories = new Map<string, ModelMessage[]>();

  const chat = (req: IncomingMessage, res: ServerResponse): void => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', async () => {
      try {
        // The id is known only now, inside the HTTP server span that is the trace's root.
        const { conversationId, message } = JSON.parse(body) as { conversationId: string; message: string };
        const traceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
        const result = await agent.run(message, {
          conversationId,
          messageHistory: histories.get(conversationId) ?? [],
        });
        histories.set(conversationId, result.allMessages());
        const reply: TurnReply = {
          traceId,
          conversationId: result.conversationId,
          runId: result.runId,
          output: result.output,
        };
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(reply));
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    });
  };

  beforeAll(async () => {
    assertVenv(PHOENIX_VENV);
    phoenix = await startPhoenix();
    http = new HttpInstrumentation();
    undo = registerInstrumentations({ instrumentations: [http] });
    // Required after the instrumentation is registered, so node:http is patched as in an app.
    const nodeHttp = createRequire(import.meta.url)('node:http') as typeof import('node:http');
    server = nodeHttp.createServer(chat);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  }, PHOENIX_START_TIMEOUT + 30_000);

  afterAll(async () => {
    if (server) await new Promise((r) => server.close(r));
    undo?.();
    await phoenix?.stop();
  }, 60_000);

  /**
   * Three turns of `conversationId` through the chat endpoint, traced with `profiles` and exported to
   * Phoenix over OTLP/HTTP protobuf; resolves with the three replies once every span is exported.
   */
  async function converse(conversationId: string, profiles: BackendProfile[]): Promise<TurnReply[]> {
    const tracing = installTracing({
      serviceName: 'chat-endpoint',
      exporter: new OTLPTraceExporter({ url: phoenix.tracesUrl }),
      profiles,
    });
    http.setTracerProvider(tracing.provider);
    const replies: TurnReply[] = [];
    try {
      for (const message of ['Where is my order?', 'It is order 42.', 'Thanks!']) {
        // A browser-like client: plain fetch, no trace context, so the server span is the root.
        const res = await fetch(`http://127.0.0.1:${port}/chat`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ conversationId, message }),
        });
        expect(res.status).toBe(200);
        replies.push((await res.json()) as TurnReply);
      }
    } finally {
      await tracing.shutdown();
    }
    return replies;
  }

  /** The root spans Phoenix stored for `traceIds`, once there is one per trace. */
  async function rootSpansOf(traceIds: string[]): Promise<PhoenixSpans['data']> {
    const query = traceIds.map((t) => `trace_id=${t}`).join('&');
    const read = async () =>
      (await phoenix.get<PhoenixSpans>(`/v1/projects/default/spans?parent_id=null&${query}`)).body?.data ??
      [];
    return poll(read, (spans) => spans.length >= traceIds.length);
  }

  /** Phoenix's session `conversationId` once it holds `traces` traces (status 404 if it never forms). */
  const sessionOf = (conversationId: string, traces: number) =>
    poll(
      () => phoenix.get<PhoenixSession>(`/v1/sessions/${encodeURIComponent(conversationId)}`),
      (r) => (r.body?.data.traces.length ?? 0) >= traces,
    );

  /** Sessions whose earliest root span has `session.id` = `conversationId` (Phoenix's own root-span filter). */
  const sessionsByRootSpan = async (conversationId: string) => {
    const filter = encodeURIComponent(`attributes["session.id"] == '${conversationId}'`);
    const r = await phoenix.get<PhoenixSessionList>(`/v1/projects/default/sessions?filter=${filter}`);
    expect(r.status).toBe(200);
    return r.body?.data.map((s) => s.session_id);
  };

  /** The three turns: one conversation id, three runs, three traces. */
  const checkTurns = (replies: TurnReply[], conversationId: string) => {
    expect(replies.map((r) => r.conversationId)).toEqual([conversationId, conversationId, conversationId]);
    expect(new Set(replies.map((r) => r.runId)).size).toBe(3);
    expect(new Set(replies.map((r) => r.traceId)).size).toBe(3);
  };

  it(
    "with the 'openinference' profile: one Phoenix session with the three traces, found by its root spans",
    async () => {
      const id = 'conv-phoenix-profile';
      const replies = await converse(id, ['openinference']);
      checkTurns(replies, id);
      const traceIds = replies.map((r) => r.traceId).sort();

      const session = await sessionOf(id, 3);
      expect(session.status).toBe(200);
      expect(session.body?.data.session_id).toBe(id);
      expect(session.body?.data.traces.map((t) => t.trace_id).sort()).toEqual(traceIds);

      // Each trace's root in Phoenix is the HTTP server span, and it carries the session id.
      const roots = await rootSpansOf(traceIds);
      expect(roots.map((s) => s.context.trace_id).sort()).toEqual(traceIds);
      for (const root of roots) {
        expect(root.parent_id).toBeNull();
        expect(root.attributes['url.path']).toBe('/chat');
        expect(root.attributes['session.id']).toBe(id);
        expect(root.attributes['gen_ai.conversation.id']).toBe(id);
      }
      expect(await sessionsByRootSpan(id)).toEqual([id]);
    },
    INGEST_TIMEOUT * 2,
  );

  it(
    'without the profile: no root span carries session.id and the root-span filter finds nothing',
    async () => {
      const id = 'conv-phoenix-plain';
      const replies = await converse(id, []);
      checkTurns(replies, id);
      const traceIds = replies.map((r) => r.traceId).sort();

      // Phoenix 20.26.1 maps gen_ai.conversation.id to session.id on every span, so the traces still
      // group — through the invoke_agent spans below the roots (see the header).
      const session = await sessionOf(id, 3);
      expect(session.status).toBe(200);
      expect(session.body?.data.traces.map((t) => t.trace_id).sort()).toEqual(traceIds);

      const roots = await rootSpansOf(traceIds);
      expect(roots.map((s) => s.context.trace_id).sort()).toEqual(traceIds);
      for (const root of roots) {
        expect(root.attributes['url.path']).toBe('/chat');
        expect(root.attributes['session.id']).toBeUndefined();
        expect(root.attributes['gen_ai.conversation.id']).toBeUndefined();
      }
      expect(await sessionsByRootSpan(id)).toEqual([]);
    },
    INGEST_TIMEOUT * 2,
  );
});
