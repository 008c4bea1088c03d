/**
 * convtrace against the same span written by hand, paired in one process: the two clients (and an
 * uninstrumented one) take turns in blocks of calls, so whatever slows the host for a while slows
 * all three alike, and the difference of each round's per-call CPU time is taken. `npm run bench`
 * gives ratios per process; on a shared host those drift by more than the differences this one
 * reads (bench/README.md). Neither variant patches the `openai` module; convtrace's wrappers on the
 * `APIPromise` prototype also run (and cost) for the other two clients' calls, so the difference
 * read here is a lower bound of what separate processes would show.
 *
 *   npm run bench:paired                                   (openai v6, Chat and Responses)
 *   BENCH_VERSION="openai v7" BENCH_ROUNDS=100 npm run bench:paired
 */
import { installPipeline, median, SCENARIO_CALLS, scenarioFetch } from './overhead-scenarios.ts';
import {
  makeClient,
  type ScenarioName,
  type VariantName,
  VERSIONS,
  type VersionLabel,
} from './overhead-variants.ts';

const VERSION = (process.env.BENCH_VERSION ?? 'openai v6') as VersionLabel;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 60);
const BLOCK = 2_000;
const WARMUP = 3_000;
const VARIANTS: VariantName[] = ['uninstrumented', 'same span by hand', 'convtrace'];

// biome-ignore lint/suspicious/noExplicitAny: the three SDK majors have distinct client types.
type Client = any;
const SCENARIOS: ScenarioName[] = ['chat, non-stream', 'responses, non-stream'];

async function block(client: Client, call: (c: Client) => Promise<unknown>, n: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await call(client);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / n;
}

if (!(VERSION in VERSIONS)) throw new Error(`BENCH_VERSION: one of ${Object.keys(VERSIONS).join(', ')}`);
const { provider } = installPipeline();

console.log(`node ${process.version}, ${VERSION}, ${ROUNDS} rounds of ${BLOCK} calls per variant`);
console.log(
  '| scenario | uninstrumented | same span by hand | convtrace | convtrace − hand (paired median) |',
);
console.log('|---|---:|---:|---:|---:|');
for (const scenario of SCENARIOS) {
  const call = SCENARIO_CALLS[scenario];
  const clients = VARIANTS.map((v) => makeClient(VERSION, v, scenarioFetch(scenario)));
  for (const c of clients) await block(c, call, WARMUP);
  const times: number[][] = VARIANTS.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate who goes first, so no variant always follows the same neighbour.
    for (let k = 0; k < clients.length; k++) {
      const i = (k + round) % clients.length;
      times[i]!.push(await block(clients[i], call, BLOCK));
    }
  }
  const [base, hand, ours] = times as [number[], number[], number[]];
  const gap = median(ours.map((t, i) => t - hand[i]!));
  const b = median(base);
  console.log(
    `| ${scenario} | ${b.toFixed(1)} µs | ${median(hand).toFixed(1)} µs | ${median(ours).toFixed(1)} µs | **${gap.toFixed(2)} µs** (${(gap / b).toFixed(3)} of the baseline) |`,
  );
}
await provider.shutdown();
