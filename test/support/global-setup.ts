/**
 * vitest global setup: `npm test` on a fresh machine builds the real Jaeger and collector binaries
 * (collector/build.sh, cached in .cache/bin; it rebuilds one whose pins changed and does nothing when
 * they match) before the e2e suites need them, installs the NodeSDK fixture apps
 * (node-sdk-fixtures.ts), and builds the Python virtualenvs the test/python suites use (.cache/venv
 * for pydantic-ai, .cache/venv-phoenix for Phoenix; see python-venv.ts). Without Go (or Python), local
 * runs skip those suites; under CI=true they fail (see binaries.ts and python-venv.ts).
 */
import { spawnSync } from 'node:child_process';
import { COLLECTOR_DIR, missingBinaries, ROOT_DIR } from './binaries.ts';
import { prepareNodeSdkFixtures } from './node-sdk-fixtures.ts';
import { ensureVenv, PHOENIX_VENV, TEST_VENV } from './python-venv.ts';

function buildBinaries(): void {
  const go = spawnSync('bash', ['-lc', 'command -v go || test -x /usr/local/go/bin/go'], { stdio: 'ignore' });
  if (go.status !== 0) return;
  if (missingBinaries().length > 0)
    console.log('[convtrace] building the pipeline binaries (first run only; a cold Go cache takes ~20 min)');
  const env = { ...process.env, PATH: `/usr/local/go/bin:${process.env.PATH ?? ''}` };
  const r = spawnSync('bash', [`${COLLECTOR_DIR}/build.sh`], { cwd: ROOT_DIR, stdio: 'inherit', env });
  if (r.status !== 0)
    console.error('[convtrace] building the pipeline binaries failed; e2e suites will report it');
}

export default function setup(): void {
  prepareNodeSdkFixtures();
  buildBinaries();
  for (const venv of [TEST_VENV, PHOENIX_VENV]) {
    const venvError = ensureVenv(venv);
    if (venvError)
      console.error(`[convtrace] Python virtualenv: ${venvError}; test/python suites will report it`);
  }
}
