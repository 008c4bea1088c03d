/**
 * Baggage across languages (issue 17, item 3). A convtrace run calls a Python service instrumented
 * with opentelemetry-python (WSGI middleware, W3C tracecontext + baggage, BaggageSpanProcessor for
 * the three run keys): its spans carry the run's ids, in the run's trace. The reverse: a pydantic-ai
 * run's tool calls a Node service started with `--import convtrace/register`: its spans carry
 * pydantic-ai's ids, in pydantic-ai's trace.
 */
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTracing } from '../../src/otel/install.ts';
import type { TracingHandle } from '../../src/otel/options.ts';
import { agentRun } from '../../src/run/agent-run.ts';
import { ROOT_DIR } from '../support/binaries.ts';
import { type ChildService, startChildService } from '../support/child-service.ts';
import { PYTHON_TEST_TIMEOUT, runPythonScript, startPythonService } from '../support/python-run.ts';
import { assertVenv, shouldRunPythonTests } from '../support/python-venv.ts';
import { type StoreReceiver, startStoreReceiver } from '../support/store-receiver.ts';

const RUN_KEYS = ['gen_ai.agent.name', 'gen_ai.agent.call.id', 'gen_ai.conversation.id'] as const;

describe.runIf(shouldRunPythonTests())('baggage across languages', () => {
  let inspector: StoreReceiver;
  let tracing: TracingHandle;
  let undo: (() => void) | undefined;
  let node: ChildService | undefined;

  beforeAll(async () => {
    assertVenv();
    inspector = await startStoreReceiver();
    tracing = installTracing({
      serviceName: 'ts-caller',
      endpoint: inspector.receiver.tracesUrl,
      simpleExport: true,
    });
    // fetch (undici) instrumentation injects traceparent + baggage into the outgoing request.
    undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });
  });
  afterAll(async () => {
    await node?.stop();
    undo?.();
    await tracing?.shutdown();
    await inspector?.close();
  });

  it(
    'a convtrace run calls a Python service: its spans carry the run ids, same trace',
    async () => {
      const py = await startPythonService('baggage_service.py', ['python-service'], {
        OTEL_EXPORTER_OTLP_ENDPOINT: inspector.receiver.url,
      });
      let received: { baggage: string | null; traceparent: string | null };
      let outside: { baggage: string | null };
      let runId: string;
      try {
        ({ received, runId } = await agentRun(
          { agentName: 'ts-caller', conversationId: 'conv-ts-to-py' },
          async (run) => {
            const res = await fetch(`http://127.0.0.1:${py.port}/work`);
            return { received: (await res.json()) as typeof received, runId: run.runId };
          },
        ));
        outside = (await (await fetch(`http://127.0.0.1:${py.port}/plain`)).json()) as typeof outside;
      } finally {
        // The service exports each span as it ends; stopping it flushes the last one.
        await py.stop();
      }
      expect(decodeURIComponent(received.baggage ?? '')).toContain('gen_ai.conversation.id=conv-ts-to-py');
      expect(outside.baggage).toBeNull();

      await tracing.forceFlush();
      const spans = inspector.store.recentSpans();
      const local = spans.find((s) => s.name === 'invoke_agent ts-caller')!;
      expect(local).toBeDefined();
      const remote = spans.filter((s) => s.serviceName === 'python-service' && s.traceId === local.traceId);
      // The WSGI middleware's SERVER span and the app's own span.
      expect(remote.map((s) => s.kind).sort()).toEqual(['internal', 'server']);
      expect(remote.map((s) => s.name)).toContain('python-work');
      for (const s of remote) {
        expect(s.attributes['gen_ai.conversation.id']).toBe('conv-ts-to-py');
        expect(s.attributes['gen_ai.agent.call.id']).toBe(runId);
        expect(s.attributes['gen_ai.agent.name']).toBe('ts-caller');
      }
      // The call made outside the run reached Python with no ids.
      const plain = spans.filter((s) => s.serviceName === 'python-service' && s.traceId !== local.traceId);
      expect(plain.length).toBeGreaterThan(0);
      for (const s of plain) for (const k of RUN_KEYS) expect(s.attributes).not.toHaveProperty(k);
    },
    PYTHON_TEST_TIMEOUT,
  );

  it(
    "a pydantic-ai run calls a Node service started with --import convtrace/register: its spans carry pydantic-ai's ids",
    async () => {
      node = await startChildService(
        process.execPath,
        ['--import', 'convtrace/register', 'test/fixtures/services/downstream.mjs'],
        {
          cwd: ROOT_DIR,
          env: {
            ...process.env,
            OTEL_SERVICE_NAME: 'node-downstream',
            OTEL_EXPORTER_OTLP_ENDPOINT: inspector.receiver.url,
            OTEL_BSP_SCHEDULE_DELAY: '50',
          },
        },
      );
      const port = node.port;

      const turn = await runPythonScript<{
        run_id: string;
        conversation_id: string;
        trace_id: string;
        messages_json: string;
      }>(
        'pai_turn.py',
        {
          prompt: 'Weather in Oslo?',
          service: 'python-agent',
          weather_url: `http://127.0.0.1:${port}/weather`,
        },
        { OTEL_EXPORTER_OTLP_ENDPOINT: inspector.receiver.url },
      );
      // What the Node service received, as the tool returned it into pydantic-ai's history.
      const messages = JSON.parse(turn.messages_json) as {
        parts: { part_kind: string; content?: unknown }[];
      }[];
      const ret = messages.flatMap((m) => m.parts).find((p) => p.part_kind === 'tool-return')!;
      const header = decodeURIComponent(
        (ret.content as { downstream: { baggage: string } }).downstream.baggage,
      );
      expect(header).toContain(`gen_ai.conversation.id=${turn.conversation_id}`);
      expect(header).toContain(`gen_ai.agent.call.id=${turn.run_id}`);

      const spans = await inspector.waitFor((all) =>
        all.some(
          (s) =>
            s.serviceName === 'node-downstream' &&
            s.name === 'downstream-work' &&
            s.traceId === turn.trace_id,
        ),
      );
      const remote = spans.filter((s) => s.serviceName === 'node-downstream' && s.traceId === turn.trace_id);
      expect(remote.map((s) => s.name)).toContain('downstream-work');
      for (const s of remote) {
        expect(s.attributes['gen_ai.conversation.id']).toBe(turn.conversation_id);
        expect(s.attributes['gen_ai.agent.call.id']).toBe(turn.run_id);
        expect(s.attributes['gen_ai.agent.name']).toBe('py-agent');
      }
      // The same trace holds pydantic-ai's own run span, so the inspector shows the call inside the turn.
      expect(spans.some((s) => s.name === 'invoke_agent py-agent' && s.traceId === turn.trace_id)).toBe(true);
      const conv = await inspector.source.conversationSpans(turn.conversation_id);
      expect(conv.filter((s) => s.serviceName === 'node-downstream').length).toBe(remote.length);
    },
    PYTHON_TEST_TIMEOUT,
  );
});
