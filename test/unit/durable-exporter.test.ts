import { metrics } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { DurableOtlpExporter } from '../../src/otel/delivery/durable-exporter.ts';
import { freePort } from '../support/ports.ts';

class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

function spans(n: number): ReadableSpan[] {
  const tracer = new TracerProvider().getTracer('t');
  return Array.from({ length: n }, (_, i) => {
    const span = tracer.startSpan(`s-${i}`);
    span.end();
    return span as unknown as ReadableSpan;
  });
}

afterEach(() => metrics.disable());

describe('DurableOtlpExporter', () => {
  it('counts spans dropped at the byte bound in stats and in the convtrace.exporter.dropped_spans metric', async () => {
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    // A port nothing listens on: the first batch stays queued, the second does not fit.
    const port = await freePort();
    const exporter = new DurableOtlpExporter(
      { url: new URL(`http://127.0.0.1:${port}/v1/traces`), headers: {}, timeoutMillis: 1000 },
      { maxQueueBytes: 3000, shutdownTimeoutMillis: 50 },
    );
    const results: ExportResultCode[] = [];
    exporter.export(spans(5), (r) => results.push(r.code));
    exporter.export(spans(20), (r) => results.push(r.code));
    // The drop is the exporter's to report (stats, metric, a rate-limited warning), not the batch
    // processor's: it would log a stack trace per batch for the whole outage.
    expect(results).toEqual([ExportResultCode.SUCCESS, ExportResultCode.SUCCESS]);
    expect(exporter.stats()).toMatchObject({ queuedSpans: 5, droppedSpans: 20, deliveredSpans: 0 });

    const { resourceMetrics } = await reader.collect();
    const metric = resourceMetrics.scopeMetrics
      .flatMap((s) => s.metrics)
      .find((m) => m.descriptor.name === 'convtrace.exporter.dropped_spans');
    expect(metric?.dataPoints[0]?.value).toBe(20);
    // Shutdown without a spool: the 5 queued spans are counted as dropped too.
    await exporter.shutdown();
    expect(exporter.stats()).toMatchObject({ queuedSpans: 0, droppedSpans: 25 });
  });
});
