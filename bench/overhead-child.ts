/**
 * One measurement of the OpenAI overhead benchmark, in a process of its own: a real SDK span pipeline
 * (TracerProvider + BatchSpanProcessor with its default settings, AsyncLocalStorage context) exporting
 * to a discarding exporter, one client of one `openai` major traced by one variant, a warm-up, then
 * `calls` calls of one scenario, CPU-timed; then a shorter allocation window bracketed by forced GCs.
 * Prints one JSON line: CPU and wall time per call, spans exported (and, run with `--expose-gc
 * --trace-gc-nvp`, V8's GC lines, from which the orchestrator sums the bytes allocated in the
 * allocation window).
 *
 *   node --single-threaded bench/overhead-child.ts '{"version":"openai v6","variant":"convtrace",
 *     "scenario":"chat, non-stream","calls":10000,"warmup":3000}'
 */
import { installPipeline, SCENARIO_CALLS, scenarioFetch } from './overhead-scenarios.ts';
import { makeClient, type ScenarioName, type VariantName, type VersionLabel } from './overhead-variants.ts';

/** What the orchestrator asks one child to measure. */
export interface ChildJob {
  version: VersionLabel;
  variant: VariantName;
  scenario: ScenarioName;
  calls: number;
  warmup: number;
}

/** Printed on stdout around the measured window, for the orchestrator's allocation count. */
export const WINDOW_START = '--- measured window start ---';
/** See {@link WINDOW_START}. */
export const WINDOW_END = '--- measured window end ---';

/** What one child reports. */
export interface ChildResult {
  cpuMicrosPerCall: number;
  wallMicrosPerCall: number;
  /** Spans exported by the CPU window and the allocation window together. */
  spansExported: number;
  /** Calls in the allocation window (after the CPU window). */
  allocationCalls: number;
}

/** Allocation is near-deterministic per call: a window a fifth of the CPU window's is enough. */
export function allocationWindow(job: ChildJob): number {
  return Math.max(1, Math.round(job.calls / 5));
}

async function measure(job: ChildJob): Promise<ChildResult> {
  const { provider, exported, resetExported } = installPipeline();
  const client = makeClient(job.version, job.variant, scenarioFetch(job.scenario));
  const call = SCENARIO_CALLS[job.scenario];
  for (let i = 0; i < job.warmup; i++) await call(client);
  await provider.forceFlush();
  resetExported();

  // CPU first, in steady state: a forced GC right before the window would put the window in the
  // heap's recovery from it (measured: +13 µs a call on the uninstrumented v6 Chat call, more on
  // the traced ones, fading over ~5,000 calls), which is not what an application sees.
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < job.calls; i++) await call(client);
  // The variant pays for handing its spans to the exporter.
  await provider.forceFlush();
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - wall0;

  // Then allocation, in a window of its own. With --expose-gc --trace-gc-nvp (as the orchestrator
  // runs children), every GC prints the bytes allocated since the previous one; a forced GC on each
  // side of the window makes the GCs printed between the markers account for exactly its allocations.
  const gc = (globalThis as { gc?: () => void }).gc;
  const allocationCalls = allocationWindow(job);
  gc?.();
  process.stdout.write(`${WINDOW_START}\n`);
  for (let i = 0; i < allocationCalls; i++) await call(client);
  await provider.forceFlush();
  gc?.();
  process.stdout.write(`${WINDOW_END}\n`);
  await provider.shutdown();
  return {
    cpuMicrosPerCall: (cpu.user + cpu.system) / job.calls,
    wallMicrosPerCall: (wall * 1000) / job.calls,
    spansExported: exported(),
    allocationCalls,
  };
}

const arg = process.argv[2];
if (arg) {
  const result = await measure(JSON.parse(arg) as ChildJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
