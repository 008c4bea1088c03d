/**
 * Where the real pipeline binaries live and whether a test may run without them.
 *
 * `npm run build:binaries` (collector/build.sh) builds Jaeger v2 and convtrace's OCB collector into
 * `.cache/bin`. Locally a missing binary skips the e2e suites; under `CI=true` it is a failure, so a CI
 * machine that forgot to build them cannot pass by skipping.
 */
import { accessSync, constants } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (the directory holding package.json). */
export const ROOT_DIR: string = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The git-ignored directory collector/build.sh writes binaries to. */
export const BIN_DIR: string = join(ROOT_DIR, '.cache', 'bin');
/** Jaeger v2 binary (override with `CONVTRACE_JAEGER_BIN`). */
export const JAEGER_BIN: string = process.env.CONVTRACE_JAEGER_BIN ?? join(BIN_DIR, 'jaeger');
/** convtrace's collector binary (override with `CONVTRACE_OTELCOL_BIN`). */
export const OTELCOL_BIN: string = process.env.CONVTRACE_OTELCOL_BIN ?? join(BIN_DIR, 'otelcol-convtrace');
/** Shipped config and dashboard directories. */
export const COLLECTOR_DIR: string = join(ROOT_DIR, 'collector');
/** Shipped dashboards (Jaeger UI config, Grafana). */
export const DASHBOARDS_DIR: string = join(ROOT_DIR, 'dashboards');

/** True when running under CI (`CI=true` or `CI=1`). */
export const IS_CI: boolean = process.env.CI === 'true' || process.env.CI === '1';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Which of the two binaries are missing (empty when both exist). */
export function missingBinaries(): string[] {
  return [JAEGER_BIN, OTELCOL_BIN].filter((path) => !isExecutable(path));
}

/**
 * Whether the e2e suites should run: always under CI (a missing binary then fails in
 * {@link assertBinaries}), otherwise only when both binaries exist.
 */
export function shouldRunPipelineTests(): boolean {
  return IS_CI || missingBinaries().length === 0;
}

/**
 * Throws a clear error naming the missing binaries and the command that builds them. Call it from
 * `beforeAll` of every suite that starts a binary.
 */
export function assertBinaries(): void {
  const missing = missingBinaries();
  if (missing.length > 0) {
    throw new Error(
      `pipeline binaries missing: ${missing.join(', ')}. Build them with \`npm run build:binaries\` ` +
        '(needs Go 1.26+ and the Go module proxy; see collector/README.md).',
    );
  }
}
