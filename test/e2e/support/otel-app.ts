/**
 * A stand-in application for the pipeline suites: a real OTel SDK tracer provider with a
 * BatchSpanProcessor and the OTLP/HTTP exporter, pointed at a collector. Not registered globally, so
 * several can coexist in one test file. Helpers make "a conversation" of traces whose spans all carry
 * `gen_ai.conversation.id` / `gen_ai.agent.call.id`, as convtrace stamps them.
 */
import { randomUUID } from 'node:crypto';
import { type Attributes, context, type Tracer, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type BatchSpanProcessorOptions, TracerProvider } from '@opentelemetry/sdk-trace';
import { ATTR_GEN_AI_AGENT_CALL_ID, ATTR_GEN_AI_CONVERSATION_ID } from '../../../src/conversation/keys.ts';

/** Options of {@link createOtlpApp}. */
export interface OtlpAppOptions {
  /** Collector OTLP/HTTP traces URL. */
  url: string;
  /** `service.name`. */
  serviceName: string;
  /** Exporter timeout (bounds its retries); SDK default 10 000 ms. */
  exporterTimeoutMillis?: number;
  /** BatchSpanProcessor tuning. */
  batch?: Omit<BatchSpanProcessorOptions, 'exporter'>;
}

/** A stand-in app. */
export interface OtlpApp {
  readonly tracer: Tracer;
  readonly provider: TracerProvider;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Creates a stand-in app exporting OTLP/HTTP through a BatchSpanProcessor. */
export function createOtlpApp(options: OtlpAppOptions): OtlpApp {
  const exporter = new OTLPTraceExporter({
    url: options.url,
    ...(options.exporterTimeoutMillis ? { timeoutMillis: options.exporterTimeoutMillis } : {}),
  });
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 200, ...options.batch })],
  });
  return {
    tracer: provider.getTracer('convtrace-e2e'),
    provider,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** What {@link emitTurn} produced. */
export interface EmittedTurn {
  traceId: string;
  runId: string;
  spanCount: number;
}

/**
 * Emits one agent turn as its own trace: `invoke_agent` root with a `chat` and an `execute_tool`
 * child, every span carrying the conversation and run ids plus `extra` attributes (per span name).
 */
export function emitTurn(
  tracer: Tracer,
  conversationId: string,
  extra: Partial<Record<'invoke_agent' | 'chat' | 'execute_tool', Attributes>> = {},
): EmittedTurn {
  const runId = randomUUID();
  const ids = { [ATTR_GEN_AI_CONVERSATION_ID]: conversationId, [ATTR_GEN_AI_AGENT_CALL_ID]: runId };
  const root = tracer.startSpan('invoke_agent e2e', { attributes: { ...ids, ...extra.invoke_agent } });
  const ctx = trace.setSpan(context.active(), root);
  tracer.startSpan('chat e2e-model', { attributes: { ...ids, ...extra.chat } }, ctx).end();
  tracer.startSpan('execute_tool lookup', { attributes: { ...ids, ...extra.execute_tool } }, ctx).end();
  root.end();
  return { traceId: root.spanContext().traceId, runId, spanCount: 3 };
}
