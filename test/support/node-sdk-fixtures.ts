/**
 * The NodeSDK fixture apps (test/fixtures/node-sdk-2x, node-sdk-3x): each an app on one OTel JS line
 * with convtrace installed next to it from this checkout (`file:../../..`, copied, not linked —
 * `.npmrc` `install-links` — so convtrace resolves the app's OTel packages as it would from npm).
 * `npm ci` from their lockfiles when node_modules is missing; the copied build is refreshed from dist/
 * every run. After changing convtrace's dependencies, refresh a lockfile with `npm install` there.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT_DIR } from './binaries.ts';

export const NODE_SDK_FIXTURES = ['node-sdk-2x', 'node-sdk-3x'] as const;

/** Absolute path of a fixture app folder. */
export const fixtureDir = (name: (typeof NODE_SDK_FIXTURES)[number]): string =>
  join(ROOT_DIR, 'test', 'fixtures', name);

/** Installs the fixture apps that are not installed yet and copies the current build into each. */
export function prepareNodeSdkFixtures(): void {
  if (!existsSync(join(ROOT_DIR, 'dist', 'index.js'))) {
    console.error('[convtrace] dist/ missing: run `npm run build` before the NodeSDK fixture tests');
    return;
  }
  // npm picks versions by the running Node's engines; use the suite's Node (24), not the system one.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  for (const name of NODE_SDK_FIXTURES) {
    const dir = fixtureDir(name);
    if (!existsSync(join(dir, 'node_modules'))) {
      console.log(`[convtrace] installing the ${name} fixture app (npm ci)`);
      const r = spawnSync('npm', ['ci'], { cwd: dir, stdio: 'inherit', env });
      if (r.status !== 0) {
        console.error(`[convtrace] npm ci in ${dir} failed; the NodeSDK tests will report it`);
        continue;
      }
    }
    const installed = join(dir, 'node_modules', 'convtrace');
    if (!existsSync(installed)) continue;
    rmSync(join(installed, 'dist'), { recursive: true, force: true });
    cpSync(join(ROOT_DIR, 'dist'), join(installed, 'dist'), { recursive: true });
    cpSync(join(ROOT_DIR, 'package.json'), join(installed, 'package.json'));
  }
}
