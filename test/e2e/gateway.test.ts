/**
 * Scale-out tier: app → gateway (collector/otelcol-gateway.yaml, load_balancing by
 * gen_ai.conversation.id) → two backend collectors (collector/otelcol.yaml with a file exporter merged
 * in, so the test can read exactly what each backend received). 20 conversations of 3 turns (3
 * separate traces each), emitted interleaved: every conversation must land whole on one backend —
 * stronger than trace-id routing, which would scatter a conversation's turns.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBinaries, COLLECTOR_DIR, shouldRunPipelineTests } from '../support/binaries.ts';
import { type CollectorHandle, startCollector } from '../support/pipeline.ts';
import { eventually } from './support/jaeger-api.ts';
import { createOtlpApp, emitTurn } from './support/otel-app.ts';

const CONVERSATIONS = 20;
const TURNS = 3;
const SPANS_PER_TURN = 3;

/** Test-only overlay: the backend writes what it receives to a JSON-lines file. */
const FILE_OVERLAY = `
exporters:
  file/e2e:
    path: \${env:E2E_FILE_PATH}
    format: json
    flush_interval: 100ms
service:
  pipelines:
    traces:
      exporters: [file/e2e]
`;

interface OtlpAttr {
  key: string;
  value: { stringValue?: string };
}
interface OtlpLine {
  resourceSpans: { scopeSpans: { spans: { traceId: string; attributes?: OtlpAttr[] }[] }[] }[];
}

/** Conversation id of every span a backend wrote, with its trace id. */
function readBackend(path: string): { conversationId: string; traceId: string }[] {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const out: { conversationId: string; traceId: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const data = JSON.parse(line) as OtlpLine;
    for (const rs of data.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const span of ss.spans) {
          const attr = span.attributes?.find((a) => a.key === 'gen_ai.conversation.id');
          out.push({ conversationId: attr?.value.stringValue ?? '', traceId: span.traceId });
        }
  }
  return out;
}

describe.runIf(shouldRunPipelineTests())('gateway routes whole conversations to one backend', () => {
  let dir: string;
  const backends: { handle: CollectorHandle; file: string }[] = [];
  let gateway: CollectorHandle;

  beforeAll(async () => {
    assertBinaries();
    dir = mkdtempSync(join(tmpdir(), 'convtrace-gateway-'));
    const overlay = join(dir, 'file-overlay.yaml');
    writeFileSync(overlay, FILE_OVERLAY);
    for (const name of ['a', 'b']) {
      const file = join(dir, `backend-${name}.jsonl`);
      const handle = await startCollector({
        name: `backend-${name}`,
        configs: [join(COLLECTOR_DIR, 'otelcol.yaml'), overlay],
        env: { E2E_FILE_PATH: file },
      });
      backends.push({ handle, file });
    }
    gateway = await startCollector({
      name: 'gateway',
      configs: [join(COLLECTOR_DIR, 'otelcol-gateway.yaml')],
      env: { CONVTRACE_GATEWAY_BACKENDS: `[${backends.map((b) => b.handle.otlpGrpcEndpoint).join(', ')}]` },
    });
  });

  afterAll(async () => {
    await Promise.allSettled([gateway?.stop(), ...backends.map((b) => b.handle.stop())]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`${CONVERSATIONS} conversations × ${TURNS} turns: each lands whole on exactly one backend`, async () => {
    const app = createOtlpApp({ url: gateway.otlpHttpTracesUrl, serviceName: 'e2e-gateway' });
    const conversations = Array.from({ length: CONVERSATIONS }, () => `conv-${randomUUID()}`);
    const traceIds = new Map<string, Set<string>>(conversations.map((c) => [c, new Set<string>()]));
    for (let turn = 0; turn < TURNS; turn++) {
      for (const conversationId of conversations) {
        traceIds.get(conversationId)?.add(emitTurn(app.tracer, conversationId).traceId);
      }
    }
    await app.forceFlush();
    await app.shutdown();

    const expected = CONVERSATIONS * TURNS * SPANS_PER_TURN;
    const received = await eventually(
      async () => backends.map((b) => readBackend(b.file)),
      (perBackend) => perBackend.reduce((n, spans) => n + spans.length, 0) >= expected,
      { what: `${expected} spans across the backends`, timeoutMs: 30_000 },
    );
    expect(received.reduce((n, spans) => n + spans.length, 0)).toBe(expected);

    for (const conversationId of conversations) {
      const holders = received
        .map((spans, index) => ({ index, spans: spans.filter((s) => s.conversationId === conversationId) }))
        .filter((h) => h.spans.length > 0);
      expect(holders, conversationId).toHaveLength(1);
      expect(holders[0]?.spans).toHaveLength(TURNS * SPANS_PER_TURN);
      expect(new Set(holders[0]?.spans.map((s) => s.traceId))).toEqual(traceIds.get(conversationId));
    }
    // Both backends got work (all 20 on one backend has probability 2 × 2^-20).
    for (const spans of received) expect(spans.length).toBeGreaterThan(0);
  });
});
