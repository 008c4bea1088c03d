/**
 * A failed call nobody consumes: the instrumentation records the error on the span, and the app
 * still gets the unhandled rejection it gets untraced (the side branch that sees the error must not
 * swallow it). Runs in child processes: vitest itself fails a run on an unhandled rejection.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../fixtures/openai-unconsumed-failure.ts', import.meta.url));
const run = promisify(execFile);

async function outcome(
  mode: 'plain' | 'traced',
): Promise<{ unhandled: string[]; spans: Array<{ errorType?: string }> }> {
  const { stdout } = await run(process.execPath, [SCRIPT, mode]);
  return JSON.parse(stdout.trim());
}

describe('an openai call that fails and is never consumed', () => {
  it('is an unhandled rejection traced as it is untraced, and its span records the error', async () => {
    const [plain, traced] = await Promise.all([outcome('plain'), outcome('traced')]);
    expect(plain.unhandled).toEqual(['BadRequestError']);
    expect(traced.unhandled).toEqual(plain.unhandled);
    expect(traced.spans).toEqual([{ errorType: 'BadRequestError' }]);
  });
});
