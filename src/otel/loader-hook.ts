import { register } from 'node:module';
import { diag } from '@opentelemetry/api';

const REGISTERED = Symbol.for('convtrace.importInTheMiddleHook');

/**
 * Registers import-in-the-middle's loader hook once per process: ESM modules imported after this
 * point can be patched by instrumentations (CJS and `node:` builtins need no hook).
 */
export function registerEsmLoaderHook(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[REGISTERED]) return;
  g[REGISTERED] = true;
  try {
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  } catch (err) {
    diag.warn('convtrace: could not register the ESM loader hook; ESM-only modules stay unpatched', err);
  }
}
