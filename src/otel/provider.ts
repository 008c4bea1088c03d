import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { type BaggagePolicy, resolveBaggagePolicy } from '../conversation/baggage-policy.ts';
import { conversationSamplerFromEnv } from '../conversation/sampling.ts';
import { DurableOtlpExporter } from './delivery/durable-exporter.ts';
import { resolveOtlpTarget } from './delivery/endpoint.ts';
import type { SetupTracingOptions } from './options.ts';
import { convtraceProcessors } from './processors.ts';

/** The standard switches: no export when the SDK is disabled or the traces exporter is `none`. */
function exportDisabledByEnv(): boolean {
  return (
    process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' ||
    process.env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none'
  );
}

/** The provider and, when the default exporter is used, its durable OTLP exporter. */
export interface CreatedProvider {
  provider: TracerProvider;
  durable: DurableOtlpExporter | undefined;
  /** The baggage policy in force (options over `CONVTRACE_BAGGAGE_*`), for the propagator. */
  baggagePolicy: BaggagePolicy;
}

/**
 * The SDK tracer provider: run-baggage processor first (with the inbound baggage policy), backend
 * profiles, then export (completing a ConversationSampler's deferred decisions), then the caller's
 * processors.
 */
export function createTracerProvider(options: SetupTracingOptions): CreatedProvider {
  const baggagePolicy = resolveBaggagePolicy(options.baggagePolicy);
  const sampler = options.sampler ?? conversationSamplerFromEnv();
  let durable: DurableOtlpExporter | undefined;
  let exporting: SpanProcessor | undefined;
  if (options.exporter !== false && !(exportDisabledByEnv() && options.exporter === undefined)) {
    // The default keeps retrying while the endpoint is down instead of dropping batches.
    if (!options.exporter) durable = new DurableOtlpExporter(resolveOtlpTarget(options), options.delivery);
    const exporter = options.exporter || durable!;
    exporting = options.simpleExport
      ? new SimpleSpanProcessor({ exporter })
      : new BatchSpanProcessor({ exporter, ...options.batch });
  }
  const processors = convtraceProcessors({
    extraBaggageKeys: options.extraBaggageKeys,
    baggagePolicy,
    profiles: options.profiles,
    exporting,
    sampler,
  });
  processors.push(...(options.spanProcessors ?? []));

  let resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  if (options.serviceName)
    resource = resource.merge(resourceFromAttributes({ 'service.name': options.serviceName }));
  if (options.resourceAttributes)
    resource = resource.merge(resourceFromAttributes(options.resourceAttributes));
  const provider = new TracerProvider({
    resource,
    spanProcessors: processors,
    ...(sampler ? { sampler } : {}),
  });
  return { provider, durable, baggagePolicy };
}
