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
import { type BaggagePolicy, baggagePolicyFromEnv } from '../conversation/baggage-policy.ts';
import { DeferredSamplingSpanProcessor } from '../conversation/deferred-sampling.ts';
import { ATTR_GEN_AI_AGENT_CALL_ID } from '../conversation/keys.ts';
import { ConversationProfileSpanProcessor, profilesFromEnv } from '../conversation/profiles.ts';
import { ConversationSampler, conversationSamplerFromEnv } from '../conversation/sampling.ts';
import { RunBaggageSpanProcessor } from '../conversation/span-processor.ts';
import { genAISemconv } from '../semconv/stability.ts';
import { DurableOtlpExporter } from './delivery/durable-exporter.ts';
import { resolveOtlpTarget } from './delivery/endpoint.ts';
import type { SetupTracingOptions } from './options.ts';

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
  const baggagePolicy = { ...baggagePolicyFromEnv(), ...options.baggagePolicy };
  const processors: SpanProcessor[] = [
    new RunBaggageSpanProcessor({
      extraKeys: options.extraBaggageKeys ?? [],
      baggagePolicy,
      // Under the semconv opt-in the run id is also written as `gen_ai.agent.invocation.id`.
      aliases: { [ATTR_GEN_AI_AGENT_CALL_ID]: genAISemconv().runIdAliases },
    }),
  ];
  const profiles = options.profiles ?? profilesFromEnv();
  if (profiles.length > 0) processors.push(new ConversationProfileSpanProcessor(profiles));
  const sampler = options.sampler ?? conversationSamplerFromEnv();
  let durable: DurableOtlpExporter | undefined;
  if (options.exporter !== false && !(exportDisabledByEnv() && options.exporter === undefined)) {
    // The default keeps retrying while the endpoint is down instead of dropping batches.
    if (!options.exporter) durable = new DurableOtlpExporter(resolveOtlpTarget(options), options.delivery);
    const exporter = options.exporter || durable!;
    const exporting = options.simpleExport
      ? new SimpleSpanProcessor({ exporter })
      : new BatchSpanProcessor({ exporter, ...options.batch });
    processors.push(
      sampler instanceof ConversationSampler
        ? new DeferredSamplingSpanProcessor(exporting, sampler)
        : exporting,
    );
  }
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
