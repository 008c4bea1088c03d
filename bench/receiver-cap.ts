/**
 * The built-in receiver past its store cap (issue 18): `convtrace serve` in a child process with a
 * small cap (`--max-store-mb`, default 8), fed tiny one-span conversations far beyond it, RSS sampled
 * from /proc while it ingests; then one request of 200,000 tiny spans. Prints a markdown table.
 *
 *   npx node bench/receiver-cap.ts   (env: BENCH_CAP_MB default 8, BENCH_SPANS default 300,000)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { encodeOtlpProtobufRequest } from '../src/inspect/ingest/otlp-proto.ts';

const CAP_MB = Number(process.env.BENCH_CAP_MB ?? 8);
const SPANS = Number(process.env.BENCH_SPANS ?? 300_000);
const BATCH = 500;
const root = fileURLToPath(new URL('..', import.meta.url));

let counter = 0;
function id(bytes: number): Buffer {
  const b = Buffer.alloc(bytes);
  b.writeUInt32BE(++counter, bytes - 4);
  b.writeUInt32BE(0xcafe, 0);
  return b;
}
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** `n` one-span conversations (the 200,000-tiny-span shape of the fault table). */
function tinySpans(n: number): Uint8Array {
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: n }, () => {
    const traceId = id(16);
    return {
      traceId,
      spanId: id(8),
      name: 'invoke_agent t',
      kind: 1,
      startTimeUnixNano: String(now),
      endTimeUnixNano: String(now + 1000n),
      attributes: [
        str('gen_ai.conversation.id', `c${counter}`),
        str('gen_ai.operation.name', 'invoke_agent'),
      ],
    };
  });
  return encodeOtlpProtobufRequest({
    resourceSpans: [{ resource: { attributes: [str('service.name', 'cap')] }, scopeSpans: [{ spans }] }],
  });
}

function rssMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

const dir = await mkdtemp(join(tmpdir(), 'convtrace-bench-cap-'));
const child = spawn(
  process.execPath,
  [
    join(root, 'src/inspect/cli-main.ts'),
    'serve',
    '--json',
    '--port',
    '0',
    '--receiver-port',
    '0',
    '--data-dir',
    dir,
    '--max-store-mb',
    String(CAP_MB),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
const { url, receiverUrl } = JSON.parse(line) as { url: string; receiverUrl: string };
const post = async (body: Uint8Array) => {
  const res = await fetch(`${receiverUrl}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body: Buffer.from(body),
  });
  await res.arrayBuffer();
  return res.status;
};
const conversations = async () =>
  ((await (await fetch(`${url}api/conversations?limit=1`)).json()) as { total: number }).total;

const rows: string[] = [];
const row = (label: string, sent: number, rate: string) => {
  const m = rssMb(child.pid!);
  rows.push(`| ${label} | ${sent.toLocaleString('en')} | ${rate} | ${m.rss} MB | ${m.peak} MB |`);
};
row('started', 0, '');
let sent = 0;
let t = performance.now();
let lastSent = 0;
const checkpoints = new Set([1, 2, 4, 8, 16].map((k) => Math.round((SPANS * k) / 16 / BATCH) * BATCH));
while (sent < SPANS) {
  const status = await post(tinySpans(BATCH));
  if (status !== 200) throw new Error(`batch answered ${status}`);
  sent += BATCH;
  if (checkpoints.has(sent)) {
    const s = (performance.now() - t) / 1000;
    row('ingesting', sent, `${Math.round((sent - lastSent) / s).toLocaleString('en')}`);
    t = performance.now();
    lastSent = sent;
  }
}
const held = await conversations();
/** One oversized request: status, time, RSS and conversations held around it. */
const oneRequest = async (n: number) => {
  const body = tinySpans(n);
  const before = rssMb(child.pid!);
  const t0 = performance.now();
  const status = await post(body);
  const ms = Math.round(performance.now() - t0);
  const after = rssMb(child.pid!);
  return `one request of ${n.toLocaleString('en')} tiny spans (${(body.byteLength / 1e6).toFixed(1)} MB protobuf): HTTP ${status} in ${ms} ms, RSS ${before.rss} → ${after.rss} MB, conversations held ${(await conversations()).toLocaleString('en')}`;
};
const big = [await oneRequest(200_000), await oneRequest(100_000)];
child.kill('SIGTERM');
await once(child, 'exit');
await rm(dir, { recursive: true, force: true });

console.log(
  `cap ${CAP_MB} MB (--max-store-mb), ${SPANS.toLocaleString('en')} one-span conversations in ${BATCH}-span protobuf batches\n`,
);
console.log('| point | spans sent | spans/s since last point | RSS | peak RSS |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const r of rows) console.log(r);
console.log(`\nconversations held at the end: ${held.toLocaleString('en')}`);
for (const line of big) console.log(`- ${line}`);
