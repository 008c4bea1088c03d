import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpReceiver, startOtlpReceiver } from '../../src/inspect/ingest/otlp-receiver.ts';
import { startInspector } from '../../src/inspect/inspector.ts';
import type { ConversationResponse } from '../../src/inspect/model/api-types.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { renderConversationText } from '../../src/inspect/render/text-render.ts';
import { JaegerSource } from '../../src/inspect/sources/jaeger-source.ts';
import type { SpanSource } from '../../src/inspect/sources/source.ts';
import { StoreSource } from '../../src/inspect/sources/store-source.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { IS_CI, JAEGER_BIN } from '../support/binaries.ts';
import { type JaegerHandle, startJaeger } from '../support/pipeline.ts';
import { DEMO, demoConversation, T0, turnSpans } from './fixtures.ts';
import { postOtlpJson } from './otlp-encode.ts';

function jaegerAvailable(): boolean {
  try {
    accessSync(JAEGER_BIN, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Moves fixture spans to "now" so they fall in Jaeger's search window whatever the date. */
function shiftToNow(spans: SpanRecord[]): SpanRecord[] {
  const delta = BigInt(Date.now() - 60_000 - T0) * 1_000_000n;
  const shift = (ns: string) => String(BigInt(ns) + delta);
  return spans.map((s) => ({
    ...s,
    startTimeUnixNano: shift(s.startTimeUnixNano),
    endTimeUnixNano: shift(s.endTimeUnixNano),
  }));
}

async function waitForSpans(source: SpanSource, id: string, count: number): Promise<SpanRecord[]> {
  const deadline = Date.now() + 20_000;
  let spans: SpanRecord[] = [];
  while (Date.now() < deadline) {
    spans = await source.conversationSpans(id);
    if (spans.length >= count) return spans;
    await sleep(200);
  }
  throw new Error(`Jaeger returned ${spans.length} of ${count} spans of ${id}`);
}

// Real Jaeger v2 (built by `npm run build:binaries`). Locally skipped without the binary; under CI a
// missing binary fails in beforeAll.
describe.runIf(IS_CI || jaegerAvailable())('inspector on real Jaeger (e2e)', () => {
  let jaeger: JaegerHandle;
  let receiver: OtlpReceiver;
  let store: SpanStore;
  let dir: string;
  const spans = shiftToNow(demoConversation());

  beforeAll(async () => {
    if (!jaegerAvailable())
      throw new Error(`Jaeger binary missing at ${JAEGER_BIN}: run npm run build:binaries`);
    jaeger = await startJaeger();
    dir = await mkdtemp(join(tmpdir(), 'convtrace-e2e-'));
    store = await SpanStore.open({ dataDir: dir });
    receiver = await startOtlpReceiver({ port: 0, onSpans: (s) => store.append(s) });
    // The same OTLP/JSON request to both backends.
    expect(await postOtlpJson(jaeger.otlpHttpTracesUrl, spans)).toBe(200);
    expect(await postOtlpJson(receiver.tracesUrl, spans)).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await receiver?.close();
    store?.close();
    await jaeger?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('same views from Jaeger and from the built-in receiver for the same conversation', async () => {
    const fromJaeger = new JaegerSource({ url: jaeger.queryUrl });
    const fromStore = new StoreSource(store);
    const expectedCount = (await fromStore.conversationSpans(DEMO.conv)).length;
    const jaegerSpans = await waitForSpans(fromJaeger, DEMO.conv, expectedCount);
    const a = assembleConversation(jaegerSpans, DEMO.conv)!;
    const b = assembleConversation(await fromStore.conversationSpans(DEMO.conv), DEMO.conv)!;
    expect(a.turns.map((t) => t.runId)).toEqual(DEMO.runs);
    expect(a).toEqual(b);
    expect(renderConversationText(a, { width: 120 })).toBe(renderConversationText(b, { width: 120 }));
    const fork = assembleConversation(await fromJaeger.conversationSpans(DEMO.forkConv), DEMO.forkConv);
    expect(fork).toEqual(
      assembleConversation(await fromStore.conversationSpans(DEMO.forkConv), DEMO.forkConv),
    );
    expect(await fromJaeger.listConversations()).toEqual(await fromStore.listConversations());
    expect(fromJaeger.traceUrl(a.traceIds[0]!)).toBe(`${jaeger.queryUrl}/trace/${a.traceIds[0]}`);
  });

  it('reads a 600-turn conversation back whole (more traces than the search depth: windows are split)', async () => {
    const end = Date.now() - 60_000;
    const turns = Array.from({ length: 600 }, (_, i) =>
      turnSpans({ conversationId: 'conv-600', runId: `run-600-${i}`, at: end - (600 - i) * 1000 - T0 }),
    );
    for (let i = 0; i < turns.length; i += 100)
      expect(await postOtlpJson(jaeger.otlpHttpTracesUrl, turns.slice(i, i + 100).flat())).toBe(200);
    const source = new JaegerSource({ url: jaeger.queryUrl });
    const deadline = Date.now() + 60_000;
    let read = await source.readConversation('conv-600');
    while (new Set(read.spans.map((s) => s.traceId)).size < 600 && Date.now() < deadline) {
      await sleep(500);
      read = await source.readConversation('conv-600');
    }
    expect(read.warnings).toEqual([]);
    const c = assembleConversation(read.spans, 'conv-600')!;
    expect(c.turns).toHaveLength(600);
    expect(c.turns.map((t) => t.runId)).toEqual(turns.map((_, i) => `run-600-${i}`));
  }, 120_000);

  it('serves the page API from Jaeger with trace links into Jaeger (startInspector({ jaegerUrl }))', async () => {
    const inspector = await startInspector({ port: 0, jaegerUrl: jaeger.queryUrl });
    try {
      expect(inspector.receiverUrl).toBeUndefined();
      const res = await fetch(`${inspector.url}api/conversations/${DEMO.conv}`);
      const body = (await res.json()) as ConversationResponse;
      expect(body.conversation.turns.map((t) => t.runId)).toEqual(DEMO.runs);
      for (const id of body.conversation.traceIds)
        expect(body.traceUrls[id]).toBe(`${jaeger.queryUrl}/trace/${id}`);
    } finally {
      await inspector.close();
    }
  });

  it('treats api_v3 404 "No traces found" as an empty conversation', async () => {
    const fromJaeger = new JaegerSource({ url: jaeger.queryUrl });
    expect(await fromJaeger.conversationSpans('no-such-conversation')).toEqual([]);
  });
});
