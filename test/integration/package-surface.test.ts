import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('package surface', () => {
  it("`import 'convtrace'` works where the optional openai peer is not installed", async () => {
    const script = `import('openai').then(() => console.log('openai-present'), () => console.log('openai-missing'));
      const m = await import('convtrace'); console.log(typeof m.Agent, typeof m.setupTracing);`;
    const { stdout } = await run(
      process.execPath,
      ['--import', './test/fixtures/no-openai-loader.mjs', '--input-type=module', '-e', script],
      {
        cwd: root,
      },
    );
    expect(stdout).toContain('openai-missing');
    expect(stdout).toContain('function function');
  });

  it('the subpath exports resolve from the built package', async () => {
    const script = `const t = await import('convtrace/testing'); console.log(typeof t.TestModel, typeof t.captureSpans);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout.trim()).toBe('function function');
  });
});
