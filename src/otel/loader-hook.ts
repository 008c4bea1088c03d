import { register } from 'node:module';
import { diag } from '@opentelemetry/api';
import type { Instrumentation } from '@opentelemetry/instrumentation';

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

/**
 * Whether any of these instrumentations patches modules by name (and so needs the hook for ESM
 * imports); diagnostics-channel ones like undici's patch nothing.
 */
export function patchesModules(instrumentations: readonly Instrumentation[]): boolean {
  return instrumentations.some((i) => {
    const defs = (i as { getModuleDefinitions?: () => unknown[] }).getModuleDefinitions;
    return typeof defs === 'function' && defs.call(i).length > 0;
  });
}
