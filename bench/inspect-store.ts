/**
 * Inspector store benchmark (issue 14): the SQLite store against the JSONL store it replaced, in the
 * same run, each in its own server process (bench/inspect-store-server.ts):
 *
 * - ingest: spans/s over OTLP/HTTP protobuf, batches of 512, two exporters posting concurrently;
 * - at the stored size: conversations list (`GET /api/conversations?limit=50`) p50/p95, one
 *   1,000-turn conversation (`GET /api/conversations/:id`) p50/p95;
 * - restart to first answer: stop the server, start it on the same data directory, time until the
 *   list answers;
 * - RSS of the server after the API calls (and its peak), size on disk.
 *
 *   npm run bench:store                      # BENCH_SPANS=200000 by default
 *   BENCH_SPANS=1000000 npm run bench:store  # the target scale
 *   BENCH_STORES=sqlite npm run bench:store  # one store only (sqlite | sqlite-nofsync | jsonl)
 *   BENCH_CHILD_FLAGS=--cpu-prof npm run bench:store   # flags for the server processes
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { encodeOtlpProtobufRequest } from '../src/inspect/ingest/otlp-proto.ts';

const SPANS = Number(process.env.BENCH_SPANS ?? 200_000);
const STORES = (process.env.BENCH_STORES ?? 'sqlite,sqlite-nofsync,jsonl').split(',');
const BATCH = 512;
const SPANS_PER_TURN = 4;
const BIG_TURNS = 1000;
const SMALL_TURNS = 10;
const LIST_RUNS = Number(process.env.BENCH_LIST_RUNS ?? 30);
const CONV_RUNS = Number(process.env.BENCH_CONV_RUNS ?? 20);
const BIG = 'bench-conversation-1000';
const root = fileURLToPath(new URL('..', import.meta.url));

let idCounter = 0;
function id(bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUInt32BE(++idCounter, bytes - 4);
  b.writeUInt32BE(0xc0ffee, 0);
  return b;
}
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number) => ({ key, value: { intValue: value } });

/** One agent turn in its own trace: invoke_agent → chat, execute_tool, chat (OTLP JSON shape, byte ids). */
function turn(conversation: string, index: number, startMs: number): Record<string, unknown>[] {
  const traceId = id(16);
  const rootId = id(8);
  const run = `run-${conversation}-${index}`;
  const ids = [
    str('gen_ai.conversation.id', conversation),
    str('gen_ai.agent.call.id', run),
    str('gen_ai.agent.name', 'support'),
  ];
  const ns = (ms: number) => String(BigInt(Math.round(ms * 1000)) * 1000n);
  const child = (name: string, op: string, from: number, to: number, extra: object[] = []) => ({
    traceId,
    spanId: id(8),
    parentSpanId: rootId,
    name,
    kind: op === 'chat' ? 3 : 1,
    startTimeUnixNano: ns(startMs + from),
    endTimeUnixNano: ns(startMs + to),
    attributes: [...ids, str('gen_ai.operation.name', op), ...extra],
  });
  const chat = [
    str('gen_ai.request.model', 'gpt-4o-mini'),
    int('gen_ai.usage.input_tokens', 120),
    int('gen_ai.usage.output_tokens', 30),
  ];
  return [
    child('chat gpt-4o-mini', 'chat', 1, 400, chat),
    child('execute_tool get_weather', 'execute_tool', 401, 450, [str('gen_ai.tool.name', 'get_weather')]),
    child('chat gpt-4o-mini', 'chat', 451, 900, chat),
    {
      traceId,
      spanId: rootId,
      name: 'invoke_agent support',
      kind: 1,
      startTimeUnixNano: ns(startMs),
      endTimeUnixNano: ns(startMs + 901),
      attributes: [...ids, str('gen_ai.operation.name', 'invoke_agent')],
    },
  ];
}

/** Batches of 512 spans: the 1,000-turn conversation spread through many 10-turn ones, times in the last day. */
function* batches(total: number): Generator<Uint8Array> {
  const turns = Math.floor(total / SPANS_PER_TURN);
  const bigEvery = Math.max(1, Math.floor(turns / BIG_TURNS));
  const t0 = Date.now() - 24 * 3600_000;
  let pending: Record<string, unknown>[] = [];
  let big = 0;
  let small = 0;
  for (let i = 0; i < turns; i++) {
    const at = t0 + (i / turns) * 23 * 3600_000;
    if (i % bigEvery === 0 && big < BIG_TURNS) pending.push(...turn(BIG, big++, at));
    else {
      pending.push(...turn(`bench-conv-${Math.floor(small / SMALL_TURNS)}`, small % SMALL_TURNS, at));
      small++;
    }
    while (pending.length >= BATCH) {
      yield encode(pending.slice(0, BATCH));
      pending = pending.slice(BATCH);
    }
  }
  if (pending.length > 0) yield encode(pending);
}

function encode(spans: Record<string, unknown>[]): Uint8Array {
  return encodeOtlpProtobufRequest({
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'bench-agent')] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  });
}

interface Server {
  child: ChildProcess;
  url: string;
  receiverUrl: string;
}

async function startServer(kind: string, dir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean),
      join(root, 'bench/inspect-store-server.ts'),
      kind,
      dir,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const info = JSON.parse(line) as { url: string; receiverUrl: string };
  return { child, ...info };
}

async function stopServer(s: Server): Promise<void> {
  const exited = once(s.child, 'exit');
  s.child.kill('SIGTERM');
  await exited;
}

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function timed(runs: number, fn: () => Promise<void>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 2; i++) await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

async function getOk(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

async function diskMb(dir: string): Promise<number> {
  let bytes = 0;
  for (const f of await readdir(dir)) bytes += (await stat(join(dir, f))).size;
  return bytes / 1024 / 1024;
}

async function benchStore(kind: string) {
  const dir = await mkdtemp(join(tmpdir(), `convtrace-bench-${kind}-`));
  try {
    let server = await startServer(kind, dir);
    // Ingest: two exporters, each posting its next batch when the last one was acknowledged.
    idCounter = 0;
    const source = batches(SPANS);
    let sent = 0;
    const t = performance.now();
    const exporter = async () => {
      for (let next = source.next(); !next.done; next = source.next()) {
        const res = await fetch(`${server.receiverUrl}/v1/traces`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-protobuf' },
          body: next.value,
        });
        if (res.status !== 200) throw new Error(`receiver answered ${res.status}`);
        await res.arrayBuffer();
        sent += 1;
      }
    };
    await Promise.all([exporter(), exporter()]);
    const ingestS = (performance.now() - t) / 1000;
    const afterIngest = memory(server.child.pid!);
    const list = await timed(LIST_RUNS, async () => {
      const body = (await getOk(`${server.url}api/conversations?limit=50`)) as { total: number };
      if (body.total < 1) throw new Error('empty list');
    });
    const conv = await timed(CONV_RUNS, async () => {
      const body = (await getOk(`${server.url}api/conversations/${BIG}`)) as {
        conversation: { turns: unknown[] };
      };
      if (body.conversation.turns.length !== BIG_TURNS)
        throw new Error(`got ${body.conversation.turns.length} turns`);
    });
    const afterApi = memory(server.child.pid!);
    await stopServer(server);
    const r0 = performance.now();
    server = await startServer(kind, dir);
    await getOk(`${server.url}api/conversations?limit=50`);
    const restartMs = performance.now() - r0;
    // Serving after the restart (the store as it is on disk, no ingest): memory at rest.
    for (let i = 0; i < 5; i++) await getOk(`${server.url}api/conversations?limit=50`);
    for (let i = 0; i < 3; i++) await getOk(`${server.url}api/conversations/${BIG}`);
    const afterRestart = memory(server.child.pid!);
    await stopServer(server);
    return {
      store: kind,
      spans: SPANS,
      batches: sent,
      ingestSpansPerS: Math.round(SPANS / ingestS),
      listP50Ms: list.p50,
      listP95Ms: list.p95,
      conversationP50Ms: conv.p50,
      conversationP95Ms: conv.p95,
      restartToFirstAnswerMs: restartMs,
      rssAfterIngestMb: afterIngest.rssMb,
      rssAfterApiMb: afterApi.rssMb,
      peakRssMb: Math.max(afterApi.peakMb, afterRestart.peakMb),
      rssAfterRestartMb: afterRestart.rssMb,
      diskMb: await diskMb(dir),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const results = [];
for (const kind of STORES) {
  console.error(`${kind}: ingesting ${SPANS} spans…`);
  results.push(await benchStore(kind));
}
const f = (n: number, d = 1) => n.toFixed(d);
console.log(
  `Node ${process.version}, ${SPANS} spans (1,000-turn conversation + ${SMALL_TURNS}-turn ones, ${SPANS_PER_TURN} spans a turn)\n`,
);
console.log(
  '| store | ingest spans/s | list p50 / p95 | 1,000-turn conv p50 / p95 | restart → first answer | RSS after ingest + API (peak) | RSS restarted + API | disk |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(
    `| ${r.store} | ${r.ingestSpansPerS.toLocaleString('en-US')} | ${f(r.listP50Ms)} / ${f(r.listP95Ms)} ms | ${f(r.conversationP50Ms)} / ${f(r.conversationP95Ms)} ms | ${f(r.restartToFirstAnswerMs, 0)} ms | ${f(r.rssAfterApiMb, 0)} MB (${f(r.peakRssMb, 0)} MB) | ${f(r.rssAfterRestartMb, 0)} MB | ${f(r.diskMb, 0)} MB |`,
  );
if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));
