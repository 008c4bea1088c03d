/**
 * Outages: app (OTel SDK BatchSpanProcessor + OTLP/HTTP exporter) → collector → Jaeger on Badger.
 *
 * 1. The collector is SIGKILLed for 10 s mid-run and restarted on the same port: the app sees no error
 *    (no global-error-handler call, no diag error) and every span made before, during and after the
 *    outage is in Jaeger. Buffering limit: spans wait in the BatchSpanProcessor queue (maxQueueSize,
 *    default 2048 spans; beyond it new spans are dropped); one batch at a time is retried by the OTLP
 *    exporter (5 retries, backoff 1 s × 1.5ⁿ capped at 5 s, ±20 % jitter ≈ 10.5–14.7 s in total) but
 *    never past the exporter's timeoutMillis (SDK default 10 s; 30 s here). With the SDK's 5 s
 *    scheduled delay the first attempt comes ≤ 5 s into the outage, so ≈ 15 s of outage is covered.
 * 2. Jaeger on Badger is stopped and started again on the same data directory: every trace stored
 *    before is still returned, span for span.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBinaries, shouldRunPipelineTests } from '../support/binaries.ts';
import { type CollectorHandle, type JaegerHandle, startCollector, startJaeger } from '../support/pipeline.ts';
import { eventually, JaegerApi } from './support/jaeger-api.ts';
import { createOtlpApp, emitTurn, type OtlpApp } from './support/otel-app.ts';

const SERVICE = 'e2e-resilience';
const OUTAGE_MS = 10_000;

describe.runIf(shouldRunPipelineTests())('outages', () => {
  let dir: string;
  let jaeger: JaegerHandle;
  let collector: CollectorHandle;
  let api: JaegerApi;
  let app: OtlpApp;
  const conversationId = `conv-${randomUUID()}`;
  const appErrors: string[] = [];
  /** trace id → span count, for everything the app made. */
  const made = new Map<string, number>();

  beforeAll(async () => {
    assertBinaries();
    setGlobalErrorHandler((err) => appErrors.push(`global: ${String(err)}`));
    diag.setLogger(
      {
        error: (msg) => appErrors.push(`diag.error: ${msg}`),
        warn: (msg) => appErrors.push(`diag.warn: ${msg}`),
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
    dir = mkdtempSync(join(tmpdir(), 'convtrace-badger-'));
    jaeger = await startJaeger({ storage: 'badger', badgerDir: dir });
    api = new JaegerApi(jaeger.queryUrl);
    collector = await startCollector({ env: { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint } });
    // SDK defaults except the exporter timeout (see the file comment).
    app = createOtlpApp({
      url: collector.otlpHttpTracesUrl,
      serviceName: SERVICE,
      exporterTimeoutMillis: 30_000,
      batch: { scheduledDelayMillis: 5_000 },
    });
  });

  afterAll(async () => {
    diag.disable();
    await app?.shutdown().catch(() => {});
    await Promise.allSettled([collector?.stop(), jaeger?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const turn = (): string => {
    const t = emitTurn(app.tracer, conversationId);
    made.set(t.traceId, t.spanCount);
    return t.traceId;
  };

  async function storedConversation(): Promise<Map<string, number>> {
    const { traces } = await api.findTraces({
      service: SERVICE,
      tags: { 'gen_ai.conversation.id': conversationId },
      limit: 500,
    });
    return new Map(traces.map((t) => [t.traceID, t.spans.length]));
  }

  it('collector killed for 10 s: no app error, spans made during the outage arrive', async () => {
    for (let i = 0; i < 3; i++) turn();
    await app.forceFlush();
    const before = new Map(made);
    await eventually(storedConversation, (s) => [...before.keys()].every((id) => s.has(id)), {
      what: 'pre-outage traces',
    });

    await collector.kill();
    const downAt = Date.now();
    const during = new Set<string>();
    while (Date.now() - downAt < OUTAGE_MS) {
      during.add(turn());
      await sleep(1_000);
    }
    collector.process.start();
    await eventually(
      async () => (await fetch(collector.healthUrl)).status,
      (s) => s === 200,
      { what: 'collector back up' },
    );
    for (let i = 0; i < 3; i++) turn();
    await app.forceFlush();

    expect(during.size).toBeGreaterThanOrEqual(9);
    const stored = await eventually(
      storedConversation,
      (s) => [...made].every(([id, n]) => s.get(id) === n),
      { what: `all ${made.size} traces in Jaeger`, timeoutMs: 30_000 },
    );
    for (const id of during) expect(stored.get(id)).toBe(made.get(id));
    expect(stored.size).toBe(made.size);
    expect(appErrors).toEqual([]);
  }, 90_000);

  it('Jaeger on Badger restarted: every trace stored before is still there', async () => {
    const before = await storedConversation();
    expect(before.size).toBe(made.size);
    await jaeger.restart();
    const after = await storedConversation();
    expect(after).toEqual(before);
    for (const id of made.keys()) {
      const got = await api.getTrace(id);
      expect(got?.trace.spans.length).toBe(made.get(id));
    }
  }, 60_000);
});
