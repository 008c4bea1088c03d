/**
 * vitest global setup: `npm test` on a fresh machine builds the real Jaeger and collector binaries
 * (collector/build.sh, cached in .cache/bin) before the e2e suites need them. Without Go, local runs
 * skip the e2e suites; under CI=true they fail (see test/support/binaries.ts). It also installs the
 * NodeSDK fixture apps (test/support/node-sdk-fixtures.ts).
 */
import { spawnSync } from 'node:child_process';
import { COLLECTOR_DIR, missingBinaries, ROOT_DIR } from './binaries.ts';
import { prepareNodeSdkFixtures } from './node-sdk-fixtures.ts';

export default function setup(): void {
  prepareNodeSdkFixtures();
  if (missingBinaries().length === 0) return;
  const go = spawnSync('bash', ['-lc', 'command -v go || test -x /usr/local/go/bin/go'], { stdio: 'ignore' });
  if (go.status !== 0) return;
  console.log('[convtrace] building the pipeline binaries (first run only; a cold Go cache takes ~20 min)');
  const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH ?? ''}` };
  const r = spawnSync('bash', [`${COLLECTOR_DIR}/build.sh`], { cwd: ROOT_DIR, stdio: 'inherit', env });
  if (r.status !== 0)
    console.error('[convtrace] building the pipeline binaries failed; e2e suites will report it');
}
