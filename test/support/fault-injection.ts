/** Fault injection for "instrumentation never throws into the app" tests. */
import { type DiagLogger, DiagLogLevel, diag, type TracerProvider, trace } from '@opentelemetry/api';

/** Routes `diag` errors into the returned array until `diag.disable()`. */
export function captureDiagErrors(): unknown[][] {
  const errors: unknown[][] = [];
  const ignore = () => {};
  const logger: DiagLogger = {
    error: (...args) => errors.push(args),
    warn: ignore,
    info: ignore,
    debug: ignore,
    verbose: ignore,
  };
  diag.setLogger(logger, DiagLogLevel.ERROR);
  return errors;
}

/** A tracer provider whose tracer throws on every `startSpan` (the global one for the rest). */
export function throwingTracerProvider(): TracerProvider {
  const real = trace.getTracerProvider().getTracer('fault-injection');
  return {
    getTracer: () => ({
      startSpan: () => {
        throw new Error('injected');
      },
      startActiveSpan: real.startActiveSpan.bind(real),
    }),
  };
}
