import { diag } from '@opentelemetry/api';
import { type Instrumentation, registerInstrumentations } from '@opentelemetry/instrumentation';
import { UserError } from '../errors.ts';
import { wireDiagToConsole } from './diag.ts';
import { foreignTracerProvider, registerGlobals } from './globals.ts';
import { patchesModules, registerEsmLoaderHook } from './loader-hook.ts';
import type { SetupTracingOptions, TracingHandle } from './options.ts';
import { createTracerProvider } from './provider.ts';

/** How the composition root completes {@link installTracing}. */
export interface InstallContext {
  /** The instrumentations used when the options name none (register's list). */
  defaultInstrumentations?: () => Instrumentation[];
  /** Wire OTel `diag` to the console at WARN unless the app set a logger (setupTracing, register). */
  wireDiag?: boolean;
}

/** The message of the error thrown when another SDK owns the global tracer provider. */
export const FOREIGN_PROVIDER_MESSAGE =
  'another OpenTelemetry SDK (e.g. NodeSDK) already registered a tracer provider; setupTracing() will not ' +
  'replace it (its exporter would stop receiving spans). Add convtrace to that SDK instead: ' +
  "import { convtraceSdkConfig } from 'convtrace/node-sdk' and pass " +
  'new NodeSDK({ ...convtraceSdkConfig({ export: yourExportProcessor }) })';

/**
 * Builds the provider, registers the OTel globals and enables the instrumentations. Throws a
 * {@link UserError} naming the NodeSDK recipe when another SDK already registered a provider.
 */
export function installTracing(options: SetupTracingOptions = {}, ctx: InstallContext = {}): TracingHandle {
  if (ctx.wireDiag) wireDiagToConsole();
  if (foreignTracerProvider()) {
    diag.error(`convtrace: ${FOREIGN_PROVIDER_MESSAGE}`);
    throw new UserError(FOREIGN_PROVIDER_MESSAGE);
  }
  const { provider, durable, baggagePolicy } = createTracerProvider(options);
  const unregister = registerGlobals(provider, baggagePolicy);
  const instrumentations =
    options.instrumentations === false
      ? []
      : (options.instrumentations ?? ctx.defaultInstrumentations?.() ?? []);
  let unload = () => {};
  if (instrumentations.length > 0) {
    if (patchesModules(instrumentations)) registerEsmLoaderHook();
    unload = registerInstrumentations({ instrumentations, tracerProvider: provider });
  }

  let down = false;
  return {
    provider,
    deliveryStats: () => durable?.stats(),
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      if (down) return;
      down = true;
      try {
        await provider.shutdown();
      } catch (err) {
        diag.error('convtrace: tracer provider shutdown failed', err);
      }
      unload();
      unregister();
    },
  };
}
