/**
 * vitest global setup: `npm test` on a fresh machine builds the real Jaeger and collector binaries
 * (collector/build.sh, cached in .cache/bin) before the e2e suites need them, and rebuilds one whose
 * pins changed (build.sh compares its stamp with the Jaeger version / the collector manifest's hash
 * and does nothing when they match). Without Go, local runs skip the e2e suites when a binary is
 * missing; under CI=true they fail (see test/support/binaries.ts).
 */
import { spawnSync } from 'node:child_process';
import { COLLECTOR_DIR, missingBinaries, ROOT_DIR } from './binaries.ts';

export default function setup(): void {
  const go = spawnSync('bash', ['-lc', 'command -v go || test -x /usr/local/go/bin/go'], { stdio: 'ignore' });
  if (go.status !== 0) return;
  if (missingBinaries().length > 0) {
    console.log('[convtrace] building the pipeline binaries (first run only; a cold Go cache takes ~20 min)');
  }
  const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH ?? ''}` };
  const r = spawnSync('bash', [`${COLLECTOR_DIR}/build.sh`], { cwd: ROOT_DIR, stdio: 'inherit', env });
  if (r.status !== 0)
    console.error('[convtrace] building the pipeline binaries failed; e2e suites will report it');
}
