/**
 * Shared setup of the framework bridge tests: a downstream service started with
 * `node --import convtrace/register` (its spans exported to an OTLP sink), and the inspector's view of
 * captured spans (real OTLP exporter → built-in receiver → store → conversation model).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { startOtlpReceiver } from '../../src/inspect/ingest/otlp-receiver.ts';
import { assembleConversation, type Conversation } from '../../src/inspect/model/conversation-model.ts';
import { StoreSource } from '../../src/inspect/sources/store-source.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { startDownstream as startService } from './downstream.ts';
import { type OtlpSink, startOtlpSink } from './otlp-sink.ts';

/** The running downstream service and the sink its spans go to. */
export interface Downstream {
  port: number;
  sink: OtlpSink;
  close(): Promise<void>;
}

/** Starts test/fixtures/services/downstream.mjs under `--import convtrace/register`, with its own sink. */
export async function startDownstream(): Promise<Downstream> {
  const sink = await startOtlpSink();
  const service = await startService(sink.url);
  return {
    port: service.port,
    sink,
    async close() {
      await service.stop();
      await sink.close();
    },
  };
}

/** What the inspector assembles for `conversationId` from these spans, sent over real OTLP/HTTP. */
export async function inspectConversation(
  spans: readonly ReadableSpan[],
  conversationId: string,
): Promise<Conversation | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'convtrace-bridge-'));
  const store = await SpanStore.open({ dataDir: dir });
  const receiver = await startOtlpReceiver({ port: 0, onSpans: (s) => store.append(s) });
  try {
    const exporter = new OTLPTraceExporter({ url: receiver.tracesUrl });
    await new Promise<void>((resolve, reject) =>
      exporter.export([...spans], (r) => (r.code === 0 ? resolve() : reject(r.error))),
    );
    await exporter.shutdown();
    return assembleConversation(
      await new StoreSource(store).conversationSpans(conversationId),
      conversationId,
    );
  } finally {
    await receiver.close();
    await rm(dir, { recursive: true, force: true });
  }
}
