import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api';

// The API keeps its registered logger here (one slot per API major version); no public getter exists.
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

const LEVELS: Record<string, DiagLogLevel> = {
  NONE: DiagLogLevel.NONE,
  ERROR: DiagLogLevel.ERROR,
  WARN: DiagLogLevel.WARN,
  INFO: DiagLogLevel.INFO,
  DEBUG: DiagLogLevel.DEBUG,
  VERBOSE: DiagLogLevel.VERBOSE,
  ALL: DiagLogLevel.ALL,
};

/** Whether some code (the app, an SDK) already installed an OTel `diag` logger in this process. */
export function diagLoggerInstalled(): boolean {
  const registry = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[API_GLOBAL];
  return registry?.diag !== undefined;
}

/**
 * Wires OTel's `diag` to the console at WARN (or `OTEL_LOG_LEVEL`) unless a logger is already set, so
 * an unreachable endpoint, a refused registration or dropped spans are visible instead of silent.
 */
export function wireDiagToConsole(): void {
  if (diagLoggerInstalled()) return;
  const level = LEVELS[process.env.OTEL_LOG_LEVEL?.trim().toUpperCase() ?? ''] ?? DiagLogLevel.WARN;
  // suppressOverrideMessage: an app that sets its own logger later replaces this one without a warning.
  diag.setLogger(new DiagConsoleLogger(), { logLevel: level, suppressOverrideMessage: true });
}
