/**
 * Keeps `npm run bench` honest without timing anything: every variant of the OpenAI overhead bench
 * runs in a child process as the bench runs it and really traces (one exported span per call; none
 * for the baseline), so a peer that stops patching or a variant that stops exporting cannot pass off
 * as cheap. The numbers themselves are in bench/README.md.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ChildJob, ChildResult } from '../../bench/overhead-child.ts';
import { SCENARIOS, supports, VARIANTS, type VersionLabel } from '../../bench/overhead-variants.ts';

const CHILD = fileURLToPath(new URL('../../bench/overhead-child.ts', import.meta.url));
const run = promisify(execFile);

async function child(job: ChildJob): Promise<ChildResult> {
  const { stdout } = await run(process.execPath, ['--single-threaded', CHILD, JSON.stringify(job)]);
  return JSON.parse(stdout.trim()) as ChildResult;
}

describe('bench/overhead-child.ts', () => {
  const version: VersionLabel = 'openai v6';
  // One non-streamed and one streamed scenario: the other two differ only in the canned body.
  const scenarios = SCENARIOS.filter((s) => s === 'responses, non-stream' || s.startsWith('chat, 1000'));
  const cases = scenarios.flatMap((scenario) => {
    const streaming = !scenario.includes('non-stream');
    return VARIANTS.filter((v) => supports(v, version, streaming)).map((variant) => ({ scenario, variant }));
  });

  it.concurrent.each(cases)(
    '$scenario / $variant: one exported span per call',
    async ({ scenario, variant }) => {
      const calls = 12;
      const result = await child({ version, variant, scenario, calls, warmup: 2 });
      expect(result.spansExported).toBe(variant === 'uninstrumented' ? 0 : calls);
      expect(result.cpuMicrosPerCall).toBeGreaterThan(0);
      expect(result.wallMicrosPerCall).toBeGreaterThan(0);
    },
  );
});
