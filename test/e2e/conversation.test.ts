/**
 * The whole story with convtrace's own API: an Agent (setupTracing, Agent, tool, TestModel) has a
 * three-turn conversation whose tool calls a second local service over HTTP (a separate process
 * instrumented with convtrace's register hook); a fork branches off turn 1 into a new conversation.
 * Everything goes app → collector (collector/otelcol.yaml) → Jaeger (collector/jaeger.yaml).
 *
 * Jaeger's API must return, for the conversation id, exactly the three turns' traces; the downstream
 * service's spans are inside them and carry the conversation id (from W3C baggage); the fork's traces
 * are not returned. The dashboards/jaeger-ui.json link for the conversation, translated into the
 * same API query, returns the same traces.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  Agent,
  NEW_CONVERSATION,
  type RunResult,
  setupTracing,
  type TracingHandle,
  tool,
} from '../../src/index.ts';
import { TestModel } from '../../src/testing/index.ts';
import { assertBinaries, DASHBOARDS_DIR, ROOT_DIR, shouldRunPipelineTests } from '../support/binaries.ts';
import {
  type CollectorHandle,
  cleanEnv,
  type JaegerHandle,
  ManagedProcess,
  startCollector,
  startJaeger,
} from '../support/pipeline.ts';
import {
  eventually,
  JaegerApi,
  type JaegerTrace,
  searchUrlToApiQuery,
  serviceOf,
  tagValue,
} from './support/jaeger-api.ts';
import { expandLinkTemplate } from './support/link-patterns.ts';

const APP = 'e2e-agent-app';
/** The project's pinned Node (24, runs .ts directly), not whatever `node` started vitest. */
const PINNED_NODE = join(ROOT_DIR, 'node_modules', '.bin', 'node');
const NODE = existsSync(PINNED_NODE) ? PINNED_NODE : process.execPath;
const DOWNSTREAM = 'e2e-downstream';

describe.runIf(shouldRunPipelineTests())('conversation → collector → Jaeger', () => {
  let jaeger: JaegerHandle;
  let collector: CollectorHandle;
  let downstream: ManagedProcess;
  let tracing: TracingHandle;
  let api: JaegerApi;
  const turns: RunResult[] = [];
  let fork: RunResult;

  beforeAll(async () => {
    assertBinaries();
    jaeger = await startJaeger();
    api = new JaegerApi(jaeger.queryUrl);
    collector = await startCollector({ env: { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint } });
    const otlpBase = collector.otlpHttpTracesUrl.replace(/\/v1\/traces$/, '');

    downstream = new ManagedProcess({
      name: DOWNSTREAM,
      command: NODE,
      args: [
        '--import',
        join(ROOT_DIR, 'src', 'register.ts'),
        join(ROOT_DIR, 'test', 'e2e', 'fixtures', 'downstream-service.ts'),
      ],
      env: cleanEnv({ OTEL_SERVICE_NAME: DOWNSTREAM, OTEL_EXPORTER_OTLP_ENDPOINT: otlpBase }),
    });
    downstream.start();
    const port = await eventually(
      async () => /LISTENING (\d+)/.exec(downstream.output())?.[1],
      (p) => p !== undefined || !downstream.running,
      { what: 'downstream service to listen' },
    );
    if (!port) throw new Error(`downstream service failed:\n${downstream.output()}`);

    tracing = setupTracing({ serviceName: APP, endpoint: collector.otlpHttpTracesUrl });
    registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });

    const lookupOrder = tool({
      name: 'lookup_order',
      description: 'Looks an order up in the inventory service.',
      parameters: z.object({ orderId: z.string() }),
      async execute({ orderId }) {
        const res = await fetch(`http://127.0.0.1:${port}/orders/${encodeURIComponent(orderId)}`);
        return (await res.json()) as unknown;
      },
    });
    const agent = new Agent({
      name: 'support',
      model: new TestModel({ callTools: ['lookup_order'] }),
      tools: [lookupOrder],
    });

    turns.push(await agent.run('Where is my order?'));
    turns.push(await agent.run('And when will it arrive?', { messageHistory: turns[0]?.allMessages() }));
    turns.push(await agent.run('Thanks!', { messageHistory: turns[1]?.allMessages() }));
    fork = await agent.run('Actually, cancel it.', {
      messageHistory: turns[0]?.allMessages(),
      conversationId: NEW_CONVERSATION,
    });
    await tracing.forceFlush();
    await downstream.stop(); // SIGTERM: register.ts flushes the downstream spans
  });

  afterAll(async () => {
    await tracing?.shutdown();
    await Promise.allSettled([downstream?.stop(), collector?.stop(), jaeger?.stop()]);
  });

  /** Traces of `conversationId` whose root is `service`, once the downstream spans are in. */
  async function conversationTraces(conversationId: string, expected: number): Promise<JaegerTrace[]> {
    return eventually(
      async () =>
        (await api.findTraces({ service: APP, tags: { 'gen_ai.conversation.id': conversationId } })).traces,
      (traces) =>
        traces.length >= expected && traces.every((t) => t.spans.some((s) => serviceOf(t, s) === DOWNSTREAM)),
      { what: `${expected} traces of ${conversationId} with downstream spans`, timeoutMs: 30_000 },
    );
  }

  it('the three turns share one conversation id; the fork has its own', () => {
    const conversationId = turns[0]?.conversationId;
    expect(turns.map((t) => t.conversationId)).toEqual([conversationId, conversationId, conversationId]);
    expect(fork.conversationId).not.toBe(conversationId);
    expect(new Set([...turns, fork].map((t) => t.runId)).size).toBe(4);
  });

  it("Jaeger returns exactly the conversation's turns, downstream spans included, fork excluded", async () => {
    const conversationId = turns[0]?.conversationId ?? '';
    const traces = await conversationTraces(conversationId, 3);
    expect(traces).toHaveLength(3);

    const runIds = traces.map((t) => {
      const root = t.spans.find((s) => s.operationName === 'invoke_agent support');
      return root && tagValue(root, 'gen_ai.agent.call.id');
    });
    expect(runIds.sort()).toEqual(turns.map((t) => t.runId).sort());

    for (const t of traces) {
      const remote = t.spans.filter((s) => serviceOf(t, s) === DOWNSTREAM);
      expect(remote.map((s) => s.operationName)).toContain('inventory lookup');
      for (const span of remote) {
        expect(tagValue(span, 'gen_ai.conversation.id')).toBe(conversationId);
        expect(runIds).toContain(tagValue(span, 'gen_ai.agent.call.id'));
      }
    }

    // The downstream service's own spans are findable by the conversation id too (stamped from baggage).
    const { traces: viaDownstream } = await api.findTraces({
      service: DOWNSTREAM,
      tags: { 'gen_ai.conversation.id': conversationId },
    });
    expect(viaDownstream.map((t) => t.traceID).sort()).toEqual(traces.map((t) => t.traceID).sort());

    const forkTraces = await conversationTraces(fork.conversationId, 1);
    expect(forkTraces).toHaveLength(1);
    const mine = new Set(traces.map((t) => t.traceID));
    expect(forkTraces.some((t) => mine.has(t.traceID))).toBe(false);
  });

  it('the links from dashboards/jaeger-ui.json find the conversation and the run', async () => {
    const conversationId = turns[0]?.conversationId ?? '';
    const expected = await conversationTraces(conversationId, 3);
    const config = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'jaeger-ui.json'), 'utf8')) as {
      linkPatterns: { key: string; url: string }[];
    };
    const follow = async (key: string, trace: JaegerTrace | undefined): Promise<string[]> => {
      // What the UI substitutes: the clicked span's tag and its process (resource) tags.
      const root = trace?.spans.find((s) => s.operationName === 'invoke_agent support');
      const proc = trace && root ? trace.processes[root.processID] : undefined;
      const values = {
        [key]: root ? (tagValue(root, key) ?? '') : '',
        'convtrace.service.name': String(proc?.tags.find((t) => t.key === 'convtrace.service.name')?.value),
      };
      const template = config.linkPatterns.find((p) => p.key === key)?.url ?? '';
      const query = searchUrlToApiQuery(expandLinkTemplate(template, values));
      return (await api.findTracesByQuery(query)).traces.map((t) => t.traceID).sort();
    };

    expect(await follow('gen_ai.conversation.id', expected[0])).toEqual(
      expected.map((t) => t.traceID).sort(),
    );
    for (const trace of expected) {
      expect(await follow('gen_ai.agent.call.id', trace)).toEqual([trace.traceID]);
    }
  });
});
