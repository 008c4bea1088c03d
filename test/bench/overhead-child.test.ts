/**
 * Keeps `npm run bench` honest without timing anything: every variant of the OpenAI overhead bench
 * runs in a child process as the bench runs it and really traces (one exported span per call; none
 * for the baseline), so a peer that stops patching or a variant that stops exporting cannot pass off
 * as cheap, and it marks the measured window the allocation count is read from. The numbers
 * themselves are in bench/README.md.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  allocationWindow,
  type ChildJob,
  type ChildResult,
  WINDOW_END,
  WINDOW_START,
} from '../../bench/overhead-child.ts';
import { SCENARIOS, supports, VARIANTS, type VersionLabel } from '../../bench/overhead-variants.ts';

const CHILD = fileURLToPath(new URL('../../bench/overhead-child.ts', import.meta.url));
const run = promisify(execFile);

async function child(job: ChildJob): Promise<{ result: ChildResult; lines: string[] }> {
  const { stdout } = await run(process.execPath, ['--single-threaded', CHILD, JSON.stringify(job)]);
  const lines = stdout.trim().split('\n');
  return { result: JSON.parse(lines.at(-1)!) as ChildResult, lines };
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
      const { result, lines } = await child({ version, variant, scenario, calls, warmup: 2 });
      // The orchestrator counts allocation between these markers, in a window after the timed one.
      expect(lines.indexOf(WINDOW_START)).toBeGreaterThanOrEqual(0);
      expect(lines.indexOf(WINDOW_END)).toBeGreaterThan(lines.indexOf(WINDOW_START));
      expect(result.allocationCalls).toBe(allocationWindow({ version, variant, scenario, calls, warmup: 2 }));
      expect(result.allocationCalls).toBeGreaterThan(0);
      const all = calls + result.allocationCalls;
      expect(result.spansExported).toBe(variant === 'uninstrumented' ? 0 : all);
      expect(result.cpuMicrosPerCall).toBeGreaterThan(0);
      expect(result.wallMicrosPerCall).toBeGreaterThan(0);
    },
  );
});
