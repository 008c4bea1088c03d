/**
 * App-side durable delivery through the real collector into the real Jaeger: setupTracing()'s
 * default exporter keeps every batch while the collector is down and delivers it when it is back.
 * The outage lasts CONVTRACE_E2E_OUTAGE_MS (default 20 s, so the suite stays short; set 60000 or
 * 300000 for the long runs).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupTracing, type TracingHandle } from '../../src/index.ts';
import { assertBinaries, shouldRunPipelineTests } from '../support/binaries.ts';
import { type CollectorHandle, type JaegerHandle, startCollector, startJaeger } from '../support/pipeline.ts';
import { eventually, JaegerApi } from './support/jaeger-api.ts';
import { emitTurn } from './support/otel-app.ts';

const SERVICE = 'e2e-durable';
const OUTAGE_MS = Number(process.env.CONVTRACE_E2E_OUTAGE_MS ?? 20_000);

describe.runIf(shouldRunPipelineTests())('durable delivery through the collector', () => {
  let jaeger: JaegerHandle;
  let collector: CollectorHandle;
  let api: JaegerApi;
  let tracing: TracingHandle;
  const conversationId = `conv-${randomUUID()}`;
  /** trace id → span count, for everything the app made. */
  const made = new Map<string, number>();

  beforeAll(async () => {
    assertBinaries();
    jaeger = await startJaeger();
    api = new JaegerApi(jaeger.queryUrl);
    collector = await startCollector({ env: { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint } });
    tracing = setupTracing({
      serviceName: SERVICE,
      endpoint: collector.otlpHttpTracesUrl,
      instrumentations: false,
      batch: { scheduledDelayMillis: 200 },
    });
  });

  afterAll(async () => {
    await tracing?.shutdown();
    await Promise.allSettled([collector?.stop(), jaeger?.stop()]);
  });

  const turn = () => {
    const t = emitTurn(trace.getTracer('e2e-durable'), conversationId);
    made.set(t.traceId, t.spanCount);
  };

  it(
    'collector killed during continuous turns, then back: 0 spans lost, every turn complete in Jaeger',
    async () => {
      for (let i = 0; i < 3; i++) turn();
      await collector.kill();
      const downAt = Date.now();
      while (Date.now() - downAt < OUTAGE_MS) {
        turn();
        await sleep(250);
      }
      // Every span of the outage is waiting in the queue, none dropped.
      expect(tracing.deliveryStats()).toMatchObject({ droppedSpans: 0 });
      expect(tracing.deliveryStats()!.queuedSpans).toBeGreaterThan(0);
      collector.process.start();
      for (let i = 0; i < 3; i++) turn();

      const stored = await eventually(
        async () => {
          const { traces } = await api.findTraces({
            service: SERVICE,
            tags: { 'gen_ai.conversation.id': conversationId },
            limit: 5000,
          });
          return new Map(traces.map((t) => [t.traceID, t.spans.length]));
        },
        (s) => [...made].every(([id, n]) => s.get(id) === n),
        { what: `all ${made.size} turns in Jaeger`, timeoutMs: 60_000 },
      );
      expect(stored.size).toBe(made.size);
      expect(tracing.deliveryStats()).toMatchObject({ droppedSpans: 0, queuedSpans: 0 });
      expect(tracing.deliveryStats()!.deliveredSpans).toBe([...made.values()].reduce((a, b) => a + b, 0));
    },
    OUTAGE_MS + 120_000,
  );
});
