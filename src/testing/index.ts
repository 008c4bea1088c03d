/**
 * `convtrace/testing`: deterministic models and span capture for tests of code that uses convtrace.
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { installTracing } from '../otel/install.ts';

export {
  FunctionModel,
  type FunctionModelInfo,
  type FunctionModelOptions,
  type FunctionModelResult,
} from '../models/function-model.ts';
export { sampleFromJsonSchema, TestModel, type TestModelOptions } from '../models/test-model.ts';
export { checkAgentTrace, conversationsOf, type TraceProblem } from './trace-checks.ts';

/** What {@link captureSpans} returns. */
export interface SpanCapture {
  /** The exporter holding finished spans. */
  readonly exporter: InMemorySpanExporter;
  /** Finished spans so far, in end order. */
  spans(): ReadableSpan[];
  /** Finished spans with this name. */
  spansNamed(name: string): ReadableSpan[];
  /** Forgets captured spans. */
  reset(): void;
  /** Unregisters the global provider. */
  shutdown(): Promise<void>;
}

/**
 * Installs a global tracer provider exactly like `setupTracing` (context, propagators, run-
 * baggage processor) but exporting synchronously to memory, for assertions on spans.
 */
export function captureSpans(): SpanCapture {
  const exporter = new InMemorySpanExporter();
  // No instrumentations and no diag logger: tests set those up themselves.
  const handle = installTracing({ exporter, simpleExport: true, serviceName: 'convtrace-test' });
  return {
    exporter,
    spans: () => exporter.getFinishedSpans(),
    spansNamed: (name) => exporter.getFinishedSpans().filter((s) => s.name === name),
    reset: () => exporter.reset(),
    shutdown: () => handle.shutdown(),
  };
}
