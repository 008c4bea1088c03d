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
import { RunBaggageSpanProcessor } from '../conversation/span-processor.ts';
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
}

/** The SDK tracer provider: run-baggage processor first, then export, then the caller's processors. */
export function createTracerProvider(options: SetupTracingOptions): CreatedProvider {
  const processors: SpanProcessor[] = [new RunBaggageSpanProcessor(options.extraBaggageKeys)];
  let durable: DurableOtlpExporter | undefined;
  if (options.exporter !== false && !(exportDisabledByEnv() && options.exporter === undefined)) {
    // The default keeps retrying while the endpoint is down instead of dropping batches.
    if (!options.exporter) durable = new DurableOtlpExporter(resolveOtlpTarget(options), options.delivery);
    const exporter = options.exporter || durable!;
    processors.push(
      options.simpleExport
        ? new SimpleSpanProcessor({ exporter })
        : new BatchSpanProcessor({ exporter, ...options.batch }),
    );
  }
  processors.push(...(options.spanProcessors ?? []));

  let resource = defaultResource().merge(detectResources({ detectors: [envDetector] }));
  if (options.serviceName)
    resource = resource.merge(resourceFromAttributes({ 'service.name': options.serviceName }));
  if (options.resourceAttributes)
    resource = resource.merge(resourceFromAttributes(options.resourceAttributes));
  return { provider: new TracerProvider({ resource, spanProcessors: processors }), durable };
}
