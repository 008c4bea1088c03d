/**
 * `node --import convtrace/register app.js`: sets up tracing from the standard env vars alone
 * (`OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, ...) exactly as
 * `setupTracing()` does in code — `node:http`, `fetch` and `openai` instrumented, the ESM loader hook
 * registered, OTel `diag` on the console at WARN — and delivers buffered spans at exit without
 * killing an app that handles SIGTERM / SIGINT itself. `OTEL_SDK_DISABLED=true` turns it into a no-op.
 */
import { diag } from '@opentelemetry/api';
import { flushOnExit } from './otel/exit-flush.ts';
import type { TracingHandle } from './otel/options.ts';
import { setupTracing } from './tracing/setup.ts';

function start(): TracingHandle | undefined {
  if (process.env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return undefined;
  try {
    const handle = setupTracing();
    flushOnExit(handle);
    return handle;
  } catch (err) {
    // Instrumentation never crashes the app: a refused setup (another SDK owns the provider) is said.
    diag.error('convtrace/register: tracing not set up', err);
    return undefined;
  }
}

/**
 * The tracing `--import convtrace/register` set up (undefined when disabled or refused). An app whose
 * signal handler ends in `process.exit()` awaits `tracing?.forceFlush()` first:
 * `import { tracing } from 'convtrace/register'`.
 */
export const tracing: TracingHandle | undefined = start();
