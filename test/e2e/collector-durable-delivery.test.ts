/**
 * Collector-side durable delivery with the real binaries: app (OTel SDK, OTLP/HTTP) → collector
 * (collector/otelcol.yaml: persistent `file_storage` sending queue, retries without a time limit) →
 * Jaeger on Badger. Jaeger is down while turns keep coming; nothing may be lost and every
 * conversation must be complete in Jaeger afterwards, also when the collector restarts (gracefully or
 * by kill -9) in the middle of the outage. The same for the gateway tier (otelcol-gateway.yaml in
 * front of a backend collector): the backend is down and the gateway is killed in the middle.
 *
 * The outage lasts CONVTRACE_FAULT_SECONDS (default 10, for CI). Run it once at full length:
 *   CONVTRACE_FAULT_SECONDS=60 npx vitest run test/e2e/durable-delivery.test.ts
 *   CONVTRACE_FAULT_SECONDS=300 npx vitest run test/e2e/durable-delivery.test.ts
 * Beyond 300 s the first test also proves that retries do not stop at the exporter's default
 * max_elapsed_time (5 min); at CI length test/e2e/configs.test.ts checks that setting in the resolved
 * config. The app → collector leg stays up here: app-side buffering during a collector outage is
 * tested with the app's own exporter queue, not here.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBinaries, COLLECTOR_DIR, shouldRunPipelineTests } from '../support/binaries.ts';
import {
  type CollectorHandle,
  type JaegerHandle,
  startCollector,
  startJaeger,
  waitForHttp,
} from '../support/pipeline.ts';
import { eventually, JaegerApi } from './support/jaeger-api.ts';
import { createOtlpApp, emitTurn, type OtlpApp } from './support/otel-app.ts';

const FAULT_SECONDS = Number(process.env.CONVTRACE_FAULT_SECONDS ?? '10');
if (!Number.isFinite(FAULT_SECONDS) || FAULT_SECONDS <= 0) {
  throw new Error(
    `CONVTRACE_FAULT_SECONDS must be a positive number of seconds, got ${process.env.CONVTRACE_FAULT_SECONDS}`,
  );
}
const FAULT_MS = FAULT_SECONDS * 1_000;
const SERVICE = 'e2e-durable';
const CONVERSATIONS = 10;
/** One turn (3 spans) every this many ms while a test runs: 30 spans/s. */
const TURN_EVERY_MS = 100;
/** Test budget: the outage, the emitting around it, and the drain afterwards. */
const BUDGET_MS = 3 * FAULT_MS + 120_000;

describe.runIf(shouldRunPipelineTests())(`durable delivery: Jaeger down ${FAULT_SECONDS} s`, () => {
  let badgerDir: string;
  let jaeger: JaegerHandle;
  let collector: CollectorHandle;
  let api: JaegerApi;
  let app: OtlpApp;

  beforeAll(async () => {
    assertBinaries();
    badgerDir = mkdtempSync(join(tmpdir(), 'convtrace-durable-badger-'));
    jaeger = await startJaeger({ storage: 'badger', badgerDir });
    api = new JaegerApi(jaeger.queryUrl);
    collector = await startCollector({ env: { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint } });
    app = createOtlpApp({ url: collector.otlpHttpTracesUrl, serviceName: SERVICE });
  });

  afterAll(async () => {
    await app?.shutdown().catch(() => {});
    await Promise.allSettled([collector?.stop(), jaeger?.stop()]);
    if (badgerDir) rmSync(badgerDir, { recursive: true, force: true });
  });

  /** Turns emitted by one test: conversation id → (trace id → span count). */
  class Workload {
    readonly via: OtlpApp;
    readonly conversations = Array.from({ length: CONVERSATIONS }, () => `conv-${randomUUID()}`);
    readonly made = new Map<string, Map<string, number>>(this.conversations.map((c) => [c, new Map()]));
    #next = 0;

    constructor(via: OtlpApp) {
      this.via = via;
    }

    turn(): void {
      const conversationId = this.conversations[this.#next++ % CONVERSATIONS] as string;
      const t = emitTurn(this.via.tracer, conversationId);
      this.made.get(conversationId)?.set(t.traceId, t.spanCount);
    }

    /** Emits a turn every TURN_EVERY_MS for `ms`. */
    async emitFor(ms: number): Promise<void> {
      const until = Date.now() + ms;
      while (Date.now() < until) {
        this.turn();
        await sleep(TURN_EVERY_MS);
      }
    }

    spans(): number {
      let n = 0;
      for (const traces of this.made.values()) for (const count of traces.values()) n += count;
      return n;
    }
  }

  /** Spans Jaeger holds for the workload's traces (a trace counts only with all its spans). */
  async function delivered(w: Workload): Promise<{ spans: number; complete: number }> {
    let spans = 0;
    let complete = 0;
    for (const [conversationId, made] of w.made) {
      const { traces } = await api.findTraces({
        service: SERVICE,
        tags: { 'gen_ai.conversation.id': conversationId },
        limit: made.size + 100,
      });
      const stored = new Map(traces.map((t) => [t.traceID, t.spans.length]));
      let whole = true;
      for (const [traceId, count] of made) {
        spans += Math.min(stored.get(traceId) ?? 0, count);
        if (stored.get(traceId) !== count) whole = false;
      }
      if (whole && stored.size === made.size) complete++;
    }
    return { spans, complete };
  }

  async function jaegerDown(): Promise<void> {
    await jaeger.stop();
  }

  async function jaegerUp(): Promise<void> {
    jaeger.process.start();
    await waitForHttp(jaeger.healthUrl, jaeger.process);
    await waitForHttp(`${jaeger.queryUrl}/api/services`, jaeger.process);
  }

  /** Sum of the collector's counters named `name` (absent = 0): Prometheus text format. */
  async function counter(name: string): Promise<number> {
    const text = await (await fetch(collector.metricsUrl)).text();
    let sum = 0;
    for (const line of text.split('\n')) {
      const m = new RegExp(`^${name}(?:_total)?(?:\\{[^}]*\\})? ([0-9.e+]+)$`).exec(line);
      if (m) sum += Number(m[1]);
    }
    return sum;
  }

  /** Waits until Jaeger holds the whole workload; returns what it holds and how long that took. */
  async function drained(
    w: Workload,
    label: string,
    logs: () => string = () => collector.process.output(),
  ): Promise<{ spans: number; complete: number }> {
    const backAt = Date.now();
    const made = w.spans();
    const got = await eventually(
      () => delivered(w),
      (d) => d.complete === CONVERSATIONS,
      {
        what: `all ${CONVERSATIONS} conversations complete in Jaeger`,
        timeoutMs: FAULT_MS + 90_000,
        intervalMs: 1_000,
      },
    ).catch(async (err: unknown) => {
      const last = await delivered(w);
      throw new Error(`${String(err)}; delivered ${last.spans} of ${made} spans\n${logs()}`);
    });
    console.info(
      `[durable] ${label}: outage ${FAULT_SECONDS} s, ${made} spans made, ${got.spans} delivered, ` +
        `${made - got.spans} lost, ${got.complete}/${CONVERSATIONS} conversations complete, ` +
        `all in Jaeger ${((Date.now() - backAt) / 1000).toFixed(1)} s after it was back`,
    );
    return got;
  }

  it(
    'Jaeger down during continuous runs: 0 spans lost, every conversation complete',
    async () => {
      const w = new Workload(app);
      await w.emitFor(2_000);
      await jaegerDown();
      await w.emitFor(FAULT_MS);
      await app.forceFlush();
      await jaegerUp();
      await w.emitFor(2_000);
      await app.forceFlush();

      const got = await drained(w, 'jaeger down');
      expect(got.spans).toBe(w.spans());
      expect(got.complete).toBe(CONVERSATIONS);
      // Nothing was given up on or refused by the queue.
      expect(await counter('otelcol_exporter_send_failed_spans')).toBe(0);
      expect(await counter('otelcol_exporter_enqueue_failed_spans')).toBe(0);
    },
    BUDGET_MS,
  );

  for (const how of ['SIGTERM', 'SIGKILL'] as const) {
    it(
      `Jaeger down and the collector restarted (${how}) in the middle: 0 spans lost`,
      async () => {
        const w = new Workload(app);
        await jaegerDown();
        await w.emitFor(FAULT_MS / 2);
        // Everything the app made is acknowledged by the collector, i.e. in its queue on disk; the
        // app-side buffer is not what this test is about.
        await app.forceFlush();
        if (how === 'SIGKILL') await collector.kill();
        else await collector.stop();
        collector.process.start();
        await waitForHttp(collector.healthUrl, collector.process);
        await w.emitFor(FAULT_MS / 2);
        await app.forceFlush();
        await jaegerUp();

        const got = await drained(w, `collector ${how} while jaeger down`);
        expect(got.spans).toBe(w.spans());
        expect(got.complete).toBe(CONVERSATIONS);
      },
      BUDGET_MS,
    );
  }
  it(
    'gateway: backend collector down and the gateway killed (kill -9) in the middle: 0 spans lost',
    async () => {
      // app → gateway (otelcol-gateway.yaml) → backend collector (otelcol.yaml) → Jaeger.
      const backend = await startCollector({
        name: 'backend',
        env: { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint },
      });
      const gateway = await startCollector({
        name: 'gateway',
        configs: [join(COLLECTOR_DIR, 'otelcol-gateway.yaml')],
        env: { CONVTRACE_GATEWAY_BACKENDS: `[${backend.otlpGrpcEndpoint}]` },
      });
      const viaGateway = createOtlpApp({ url: gateway.otlpHttpTracesUrl, serviceName: SERVICE });
      try {
        const w = new Workload(viaGateway);
        await w.emitFor(1_000);
        await backend.stop();
        await w.emitFor(FAULT_MS / 2);
        await viaGateway.forceFlush();
        await gateway.kill();
        gateway.process.start();
        await waitForHttp(gateway.healthUrl, gateway.process);
        await w.emitFor(FAULT_MS / 2);
        await viaGateway.forceFlush();
        backend.process.start();
        await waitForHttp(backend.healthUrl, backend.process);

        const got = await drained(w, 'backend down, gateway kill -9', () => gateway.process.output());
        expect(got.spans).toBe(w.spans());
        expect(got.complete).toBe(CONVERSATIONS);
      } finally {
        await viaGateway.shutdown().catch(() => {});
        await Promise.allSettled([gateway.stop(), backend.stop()]);
      }
    },
    BUDGET_MS,
  );
});
