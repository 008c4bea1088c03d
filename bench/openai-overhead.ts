/**
 * Overhead of tracing the `openai` client: N calls through a client whose `fetch` returns a canned
 * answer in-process, instrumented vs uninstrumented, for a non-streamed call and a 1,000-delta stream
 * (Responses and Chat), on openai v7, v6 and v5 — convtrace next to a bare span (the floor of any
 * tracing), the same span written by hand (the floor of any instrumentation recording this data),
 * `@opentelemetry/instrumentation-openai` and `@arizeai/openinference-instrumentation-openai`.
 *
 * Every measurement is a process of its own (`bench/overhead-child.ts`): warm-up, then N calls in
 * steady state with the SDK's default batch processor, CPU time per call, then a separate window for
 * allocation. Repetitions run the whole plan again in rotated order; a cell's ratio is the median
 * over repetitions of variant/baseline measured in the same repetition. Children run with `--single-threaded` (see bench/README.md) and
 * V8's GC trace, from which the bytes each variant allocates per call are summed (near-deterministic,
 * unlike time).
 *
 *   npm run bench                                   (BENCH_REPS=5, BENCH_SCALE=1)
 *   BENCH_REPS=3 BENCH_SCALE=0.3 BENCH_FILTER="v6 chat" npm run bench     (quick look)
 *   BENCH_NODE_FLAGS="" npm run bench               (children with V8's defaults)
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ChildJob, type ChildResult, WINDOW_END, WINDOW_START } from './overhead-child.ts';
import { median } from './overhead-scenarios.ts';
import { SCENARIOS, supports, VARIANTS, VERSIONS, type VersionLabel } from './overhead-variants.ts';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const FILTER = process.env.BENCH_FILTER;
// The young generation pinned at 16 MB a semi-space (what it grows to here under this load): left to
// grow on its own it took a different path in each child (bench/README.md, Method).
const NODE_FLAGS = (
  process.env.BENCH_NODE_FLAGS ?? '--single-threaded --min-semi-space-size=16 --max-semi-space-size=16'
)
  .split(' ')
  .filter(Boolean);
const CHILD = fileURLToPath(new URL('./overhead-child.ts', import.meta.url));
const run = promisify(execFile);

function plan(): ChildJob[] {
  const jobs: ChildJob[] = [];
  for (const version of Object.keys(VERSIONS) as VersionLabel[]) {
    for (const scenario of SCENARIOS) {
      if (FILTER && !`${version} ${scenario}`.includes(FILTER)) continue;
      const streaming = scenario.includes('stream') && !scenario.includes('non-stream');
      const calls = Math.max(1, Math.round((streaming ? 150 : 10_000) * SCALE));
      const warmup = Math.max(1, Math.round((streaming ? 30 : 3_000) * SCALE));
      for (const variant of VARIANTS) {
        if (supports(variant, version, streaming)) jobs.push({ version, variant, scenario, calls, warmup });
      }
    }
  }
  return jobs;
}

interface Measurement extends ChildResult {
  /** Bytes allocated per call in the measured window (from V8's GC trace). */
  allocatedPerCall: number;
}

async function measure(job: ChildJob): Promise<Measurement> {
  const flags = [...NODE_FLAGS, '--expose-gc', '--trace-gc-nvp'];
  const { stdout } = await run(process.execPath, [...flags, CHILD, JSON.stringify(job)], {
    maxBuffer: 16 << 20,
  });
  const lines = stdout.trim().split('\n');
  const result = JSON.parse(lines.pop()!) as ChildResult;
  const from = lines.indexOf(WINDOW_START);
  const to = lines.indexOf(WINDOW_END);
  if (from < 0 || to < from) throw new Error(`${job.variant}: the child printed no measured window`);
  const window = lines.slice(from, to);
  let allocated = 0;
  for (const line of window) allocated += Number(/ allocated=(\d+)/.exec(line)?.[1] ?? 0);
  const traced = job.variant !== 'uninstrumented';
  // A variant that silently traced nothing would look cheap: refuse its number.
  const calls = job.calls + result.allocationCalls;
  if (traced ? result.spansExported !== calls : result.spansExported !== 0) {
    throw new Error(
      `${job.version} ${job.scenario} ${job.variant}: ${result.spansExported} spans for ${calls} calls`,
    );
  }
  return { ...result, allocatedPerCall: allocated / result.allocationCalls };
}

const cellKey = (j: ChildJob) => `${j.version} | ${j.scenario}`;

const jobs = plan();
const started = performance.now();
console.log(
  `node ${process.version}, children: node ${NODE_FLAGS.join(' ')}; ${REPS} repetitions × ${jobs.length} processes, scale ${SCALE}`,
);
// cell -> variant -> per-repetition CPU µs per call, and bytes allocated per call
const cpu = new Map<string, Map<string, number[]>>();
const bytes = new Map<string, number[]>();
for (let rep = 0; rep < REPS; rep++) {
  // Rotate the order so no variant always runs first, or right after the same neighbour.
  const order = jobs.map((_, i) => jobs[(i + rep * 7) % jobs.length]!);
  for (const job of order) {
    const r = await measure(job);
    const cell = cpu.get(cellKey(job)) ?? cpu.set(cellKey(job), new Map()).get(cellKey(job))!;
    const list = cell.get(job.variant) ?? cell.set(job.variant, []).get(job.variant)!;
    list.push(r.cpuMicrosPerCall);
    const key = `${cellKey(job)} | ${job.variant}`;
    (bytes.get(key) ?? bytes.set(key, []).get(key)!).push(r.allocatedPerCall);
  }
  process.stderr.write(
    `repetition ${rep + 1}/${REPS} done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
  );
}

console.log(
  '| openai | scenario | variant | ratio (median) | ratio range | CPU per call (median) | allocated per call (median) |',
);
console.log('|---|---|---|---:|---:|---:|---:|');
for (const [cell, variants] of cpu) {
  const base = variants.get('uninstrumented')!;
  for (const variant of VARIANTS) {
    const times = variants.get(variant);
    if (!times) continue;
    const ratios = times.map((t, i) => t / base[i]!);
    const lo = Math.min(...ratios);
    const hi = Math.max(...ratios);
    console.log(
      `| ${cell} | ${variant} | **${median(ratios).toFixed(3)}×** | ${lo.toFixed(2)}–${hi.toFixed(2)} | ${median(times).toFixed(1)} µs | ${(median(bytes.get(`${cell} | ${variant}`)!) / 1024).toFixed(1)} KiB |`,
    );
  }
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
