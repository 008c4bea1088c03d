/**
 * `node --import convtrace/register app.js`: sets up tracing from the standard env vars alone
 * (`OTEL_SERVICE_NAME`, `OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_HEADERS`, ...), and
 * instruments `node:http` and `fetch` so W3C trace context and the run's baggage cross process
 * boundaries both ways, and the `openai` client (v5–v7) so each model call is a `chat {model}` span. `OTEL_SDK_DISABLED=true` turns it into a no-op.
 */
import { register as registerLoaderHook } from 'node:module';
import { diag } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OpenAIInstrumentation } from './instrumentation/openai/instrumentation.ts';
import { setupTracing } from './otel/setup.ts';

if (process.env.OTEL_SDK_DISABLED?.toLowerCase() !== 'true') {
  try {
    // ESM modules can only be patched through the import-in-the-middle loader hook.
    registerLoaderHook('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  } catch (err) {
    diag.warn(
      'convtrace/register: could not register the ESM loader hook; ESM-only modules stay unpatched',
      err,
    );
  }
  const handle = setupTracing();
  registerInstrumentations({
    instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation(), new OpenAIInstrumentation()],
  });

  let closing = false;
  const flushAndExit = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    handle.shutdown().finally(() => process.kill(process.pid, signal));
  };
  // Spans still in the batch queue would be lost on a plain exit.
  process.once('SIGTERM', flushAndExit);
  process.once('SIGINT', flushAndExit);
  process.once('beforeExit', () => void handle.shutdown());
}
