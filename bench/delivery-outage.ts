/**
 * The app's memory while its collector is down: runs a steady stream of agent runs (an invoke_agent
 * span with three children each) against an OTLP endpoint that refuses connections for
 * BENCH_SECONDS (default 300), sampling RSS and the durable exporter's counters every 10 s; then the
 * endpoint comes up and the script reports how long the queue took to drain. Usage:
 * `node bench/delivery-outage.ts` (env BENCH_SECONDS, BENCH_RUNS_PER_SEC default 200,
 * CONVTRACE_EXPORT_MAX_QUEUE_BYTES default 64 MiB).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { agentRun, setupTracing } from '../src/index.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 300);
const perSecond = Number(process.env.BENCH_RUNS_PER_SEC ?? 200);

// A port that refuses connections during the outage: bind, note it, close.
const probe = createServer();
await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
const port = (probe.address() as AddressInfo).port;
await new Promise((r) => probe.close(r));

const tracing = setupTracing({
  serviceName: 'outage-bench',
  endpoint: `http://127.0.0.1:${port}/v1/traces`,
  instrumentations: false,
});
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
const rows: string[] = [
  '| t (s) | RSS | heap used | queued spans | queued bytes | dropped spans |',
  '| ---: | ---: | ---: | ---: | ---: | ---: |',
];
const sample = (t: number) => {
  const s = tracing.deliveryStats()!;
  const m = process.memoryUsage();
  rows.push(
    `| ${t} | ${mb(m.rss)} | ${mb(m.heapUsed)} | ${s.queuedSpans} | ${mb(s.queuedBytes)} | ${s.droppedSpans} |`,
  );
};

const tracer = trace.getTracer('bench');
const start = Date.now();
let runs = 0;
sample(0);
let nextSample = 10;
while (Date.now() - start < seconds * 1000) {
  const tick = Date.now();
  for (let i = 0; i < perSecond / 10; i++) {
    await agentRun({ agentName: 'bench', conversationId: `conv-${runs % 500}` }, async () => {
      for (const name of ['chat m', 'execute_tool t', 'chat m']) tracer.startSpan(name).end();
    });
    runs++;
  }
  await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tick))));
  const t = Math.floor((Date.now() - start) / 1000);
  if (t >= nextSample) {
    sample(t);
    nextSample += 10;
  }
}

// The collector comes back: accept everything, count, and time the drain.
let received = 0;
const sink = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => {
    body += c;
  });
  req.on('end', () => {
    received += (body.match(/"spanId"/g) ?? []).length;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise<void>((r) => sink.listen(port, '127.0.0.1', r));
const upAt = Date.now();
await tracing.forceFlush();
while (tracing.deliveryStats()!.queuedSpans > 0 && Date.now() - upAt < 120_000)
  await new Promise((r) => setTimeout(r, 100));
const stats = tracing.deliveryStats()!;
console.log(rows.join('\n'));
console.log(
  `\n${runs} runs (${runs * 4} spans) in ${seconds} s of outage; after the endpoint came back: ${received} spans received in ${((Date.now() - upAt) / 1000).toFixed(1)} s, delivered ${stats.deliveredSpans}, dropped ${stats.droppedSpans} (the ${mb(Number(process.env.CONVTRACE_EXPORT_MAX_QUEUE_BYTES ?? 64 * 1024 * 1024))} bound), peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`,
);
await tracing.shutdown();
sink.close();
