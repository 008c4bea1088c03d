import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('setupTracing() next to another SDK', () => {
  it('after another SDK registered a provider: throws a UserError naming the NodeSDK recipe, says so on the console, and the app keeps its spans', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['test/fixtures/setup-in-code/foreign-provider.mjs'],
      {
        cwd: root,
      },
    );
    const out = JSON.parse(stdout.trim());
    expect(out.error.name).toBe('UserError');
    expect(out.error.message).toContain('convtrace/node-sdk');
    expect(out.error.message).toContain('convtraceSdkConfig');
    expect(out.spans).toEqual(['after']);
    // Nothing silent: diag went to the console at WARN because the app set no logger.
    expect(stderr).toContain('will not replace it');
  });

  it("leaves an app's own diag logger in place", async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['test/fixtures/setup-in-code/foreign-provider.mjs', 'own-logger'],
      { cwd: root },
    );
    const out = JSON.parse(stdout.trim());
    expect(out.logged.some((m: string) => m.includes('will not replace it'))).toBe(true);
    expect(stderr).not.toContain('will not replace it');
  });
});
