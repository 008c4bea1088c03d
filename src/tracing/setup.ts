import { installTracing } from '../otel/install.ts';
import type { SetupTracingOptions, TracingHandle } from '../otel/options.ts';
import { convtraceInstrumentations } from './instrumentations.ts';

/**
 * Sets up tracing in code, with the same result as `node --import convtrace/register`: a global SDK
 * tracer provider (AsyncLocalStorage context so ids follow `await`, W3C tracecontext + baggage
 * propagators, OTLP/HTTP export, and the run-baggage processor that puts the run's ids on every
 * span), the `node:http`, `fetch` and `openai` instrumentations (see `instrumentations`), the ESM
 * loader hook for modules imported afterwards, and OTel `diag` on the console at WARN unless the app
 * set its own logger. Call it once, at startup, before the modules it should patch are imported.
 *
 * @throws UserError when another SDK (e.g. NodeSDK) already registered a tracer provider: it is never
 * replaced; use `convtrace/node-sdk` with that SDK instead.
 */
export function setupTracing(options: SetupTracingOptions = {}): TracingHandle {
  return installTracing(options, { defaultInstrumentations: convtraceInstrumentations, wireDiag: true });
}
