/**
 * Overhead of tracing the `openai` client: N calls through a client whose `fetch` returns a canned
 * answer in-process, instrumented vs uninstrumented, for a non-streamed call and a 1,000-delta stream
 * (Responses and Chat), on openai v5, v6 and v7. The same run measures
 * `@opentelemetry/instrumentation-openai` and `@arizeai/openinference-instrumentation-openai` where they
 * support the version. All variants export through the same real SDK pipeline (TracerProvider +
 * BatchSpanProcessor into a discarding exporter, AsyncLocalStorage context).
 *
 * Time is process CPU time (the machine is shared). Variants run interleaved, in rotating order,
 * round after round. The headline estimator is the median of per-round ratios (each round divided by
 * the same round's baseline, so drift cancels); the ratio of best (minimum) rounds is printed too, but
 * on a loaded machine the SDK's own run-to-run spread makes it jumpier. Each timed run starts with an
 * empty export queue and a forced GC, and ends with a flush, so every variant pays for its own spans
 * and none for another's.
 *
 *   npm run bench                     (BENCH_ROUNDS=15, BENCH_SCALE=1)
 *   BENCH_ROUNDS=5 BENCH_SCALE=0.2 npm run bench     (quick look)
 */

import { OpenAIInstrumentation as ArizeInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OpenAIInstrumentation as ContribInstrumentation } from '@opentelemetry/instrumentation-openai';
import {
  BatchSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import * as openaiV7 from 'openai';
import * as openaiV5 from 'openai-v5';
import * as openaiV6 from 'openai-v6';
import { instrumentOpenAI } from '../src/openai/index.ts';
import {
  type CannedBodies,
  cannedFetch,
  chatJsonBody,
  chatStreamBody,
  responsesJsonBody,
  responsesStreamBody,
} from './canned-openai.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const DELTAS = 1000;

let exported = 0;
const discard: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
};
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new TracerProvider({
  spanProcessors: [
    new BatchSpanProcessor({ exporter: discard, maxQueueSize: 65536, maxExportBatchSize: 4096 }),
  ],
});
trace.setGlobalTracerProvider(provider);

// biome-ignore lint/suspicious/noExplicitAny: the three SDK majors have distinct client types.
type Client = any;
interface Scenario {
  name: string;
  calls: number;
  run(client: Client): Promise<void>;
}

const scenarios: Scenario[] = [
  {
    name: 'responses, non-stream',
    calls: Math.max(1, Math.round(1500 * SCALE)),
    run: async (c) => {
      await c.responses.create({
        model: 'gpt-4.1',
        input: 'Weather in Paris?',
        instructions: 'Answer briefly.',
      });
    },
  },
  {
    name: `responses, ${DELTAS}-delta stream`,
    calls: Math.max(1, Math.round(25 * SCALE)),
    run: async (c) => {
      const stream = await c.responses.create({ model: 'gpt-4.1', input: 'Count.', stream: true });
      for await (const _ of stream) {
        /* consume */
      }
    },
  },
  {
    name: 'chat, non-stream',
    calls: Math.max(1, Math.round(1500 * SCALE)),
    run: async (c) => {
      await c.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Weather in Paris?' },
        ],
      });
    },
  },
  {
    name: `chat, ${DELTAS}-delta stream`,
    calls: Math.max(1, Math.round(25 * SCALE)),
    run: async (c) => {
      const stream = await c.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'Count.' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const _ of stream) {
        /* consume */
      }
    },
  },
];

interface Variant {
  name: string;
  client: Client;
  on(): void;
  off(): void;
}

/**
 * Contrib/Arize patch module prototypes. Each is patched once, on its first run; afterwards its
 * variant swaps its wrapped methods in and the originals back out around every run (their own
 * unpatch is not relied on: Arize 4.2.7 leaves `Responses.prototype.create` wrapped).
 */
function prototypePatcher(
  patch: (m: { OpenAI: unknown }) => unknown,
  OpenAI: unknown,
): Pick<Variant, 'on' | 'off'> {
  const O = OpenAI as Record<string, { prototype: Record<string, unknown> } | undefined> & {
    Chat?: { Completions?: { prototype: Record<string, unknown> } };
  };
  const protos = [
    O.Responses?.prototype,
    O.Chat?.Completions?.prototype,
    O.Completions?.prototype,
    O.Embeddings?.prototype,
  ].filter((p): p is Record<string, unknown> => p !== undefined);
  const originals = protos.map((p) => p.create);
  let patched: unknown[] | undefined;
  return {
    on: () => {
      if (!patched) {
        patch({ OpenAI });
        patched = protos.map((p) => p.create);
      } else {
        protos.forEach((p, i) => {
          p.create = patched![i];
        });
      }
    },
    off: () => {
      protos.forEach((p, i) => {
        p.create = originals[i];
      });
    },
  };
}

/**
 * The floor any tracing pays: one span with no attributes around each call, through the same SDK
 * pipeline (ended when the call settles; for streams, at the headers).
 */
function bareSpan(client: Client): Client {
  const tracer = trace.getTracer('bench-bare-span');
  for (const resource of [client.responses, client.chat.completions]) {
    const original = resource.create;
    resource.create = function create(this: unknown, body: unknown, options: unknown) {
      const span = tracer.startSpan('chat');
      const p = original.call(this, body, options);
      p.then(
        () => span.end(),
        () => span.end(),
      );
      return p;
    };
  }
  return client;
}

function variantsFor(label: string, mod: Record<string, unknown>, bodies: CannedBodies): Variant[] {
  const OpenAI = mod.OpenAI as new (o: Record<string, unknown>) => Client;
  // One fetch reading the current scenario's bodies (variants are built once per version: the peers
  // patch a module only once).
  const fetch = cannedFetch(bodies);
  const make = () => new OpenAI({ apiKey: 'sk-bench', fetch, maxRetries: 0 });
  const shared = make();
  const none = { on: () => {}, off: () => {} };
  const out: Variant[] = [
    { name: 'uninstrumented', client: shared, ...none },
    { name: 'bare span (floor)', client: bareSpan(make()), ...none },
    { name: 'convtrace', client: instrumentOpenAI(make()), ...none },
  ];
  if (label !== 'openai v7') {
    // instrumentation-openai 0.22 declares openai >=4.19.0 <7.
    // Enabled (its wrappers are no-ops while disabled); it only patches while its variant runs.
    const contrib = new ContribInstrumentation();
    // Its histograms are created in the base constructor, then reset by its own class fields; this
    // recreates them (as NodeSDK / registerInstrumentations would).
    contrib.setMeterProvider(metrics.getMeterProvider());
    const def = contrib.getModuleDefinitions()[0]!;
    out.push({
      name: '@opentelemetry/instrumentation-openai',
      client: shared,
      ...prototypePatcher((m) => def.patch?.(m), OpenAI),
    });
  }
  const arize = new ArizeInstrumentation({ instrumentationConfig: { enabled: false } });
  const arizeApi = arize as unknown as { patch(m: unknown): unknown };
  const arizePatch = (m: { OpenAI: unknown }) => arizeApi.patch(m);
  out.push({
    name: '@arizeai/openinference-instrumentation-openai',
    client: shared,
    ...prototypePatcher(arizePatch, OpenAI),
  });
  return out;
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Process CPU time per call (user + system, all threads), in ms. CPU time rather than wall time: the
 * bench shares its cores with other work, and waiting for a core is not overhead of ours.
 */
async function timeRun(v: Variant, s: Scenario): Promise<number> {
  // Start from an empty export queue: otherwise spans queued by the previous variant (the batch
  // processor exports every 5 s or per 4,096 spans) would be exported, and freed, on this one's clock.
  await provider.forceFlush();
  gc?.();
  v.on();
  try {
    const t0 = process.cpuUsage();
    for (let i = 0; i < s.calls; i++) await s.run(v.client);
    // Each variant pays for handing its own spans to the exporter.
    await provider.forceFlush();
    const d = process.cpuUsage(t0);
    return (d.user + d.system) / 1000 / s.calls;
  } finally {
    v.off();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function benchScenario(label: string, variants: Variant[], s: Scenario): Promise<void> {
  for (let w = 0; w < 2; w++) for (const v of variants) await timeRun(v, s);
  const perCall = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  const ratios = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    const order = variants.map((_, i) => variants[(i + r) % variants.length]!);
    const times = new Map<string, number>();
    for (const v of order) times.set(v.name, await timeRun(v, s));
    const base = times.get('uninstrumented')!;
    for (const v of variants) {
      perCall.get(v.name)!.push(times.get(v.name)!);
      ratios.get(v.name)!.push(times.get(v.name)! / base);
    }
  }
  const baseMin = Math.min(...perCall.get('uninstrumented')!);
  for (const v of variants) {
    const times = perCall.get(v.name)!;
    const min = Math.min(...times);
    const ratio = median(ratios.get(v.name)!);
    console.log(
      `| ${label} | ${s.name} | ${v.name} | **${ratio.toFixed(3)}×** | ${(min * 1000).toFixed(1)} µs | ${(min / baseMin).toFixed(3)}× |`,
    );
  }
}

const versions: Array<[string, Record<string, unknown>]> = [
  ['openai v7', openaiV7 as unknown as Record<string, unknown>],
  ['openai v6', openaiV6 as unknown as Record<string, unknown>],
  ['openai v5', openaiV5 as unknown as Record<string, unknown>],
];
const filter = process.env.BENCH_FILTER;

console.log(
  `node ${process.version}, rounds=${ROUNDS}, scale=${SCALE}, gc between runs: ${gc ? 'yes' : 'no'}`,
);
console.log(
  '| openai | scenario | variant | median of per-round ratios | best CPU per call | ratio of bests |',
);
console.log('|---|---|---|---:|---:|---:|');
const responsesBodies = { json: responsesJsonBody(), sse: responsesStreamBody(DELTAS) };
const chatBodies = { json: chatJsonBody(), sse: chatStreamBody(DELTAS) };
for (const [label, mod] of versions) {
  const bodies: CannedBodies = { ...responsesBodies };
  const variants = variantsFor(label, mod, bodies);
  for (const s of scenarios) {
    if (filter && !`${label} ${s.name}`.includes(filter)) continue;
    Object.assign(bodies, s.name.startsWith('responses') ? responsesBodies : chatBodies);
    await benchScenario(label, variants, s);
  }
}
await provider.forceFlush();
console.log(`spans exported: ${exported}`);
await provider.shutdown();
