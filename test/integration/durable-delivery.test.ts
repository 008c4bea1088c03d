import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type OtlpSink, startOtlpSink } from '../support/otlp-sink.ts';
import { freePort } from '../support/ports.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Stats {
  phase: string;
  deliveredSpans: number;
  queuedSpans: number;
  droppedSpans: number;
}

/** A port nothing listens on (yet): the endpoint is down until a sink is started on it. */
/** A port nothing listens on yet; outside the ephemeral range, so no other socket takes it meanwhile. */
const downPort = freePort;

function startApp(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ['test/fixtures/delivery/app.mjs'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const lines: Interface = createInterface({ input: child.stdout! });
  const next = async (): Promise<Stats> => JSON.parse(((await once(lines, 'line')) as [string])[0]);
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return {
    next,
    stderr: () => stderr,
    send: (line: string) => child.stdin!.write(`${line}\n`),
    async stop(): Promise<Stats> {
      child.stdin!.write('stop\n');
      const stats = await next();
      await once(child, 'exit');
      return stats;
    },
  };
}

const names = (sink: OtlpSink, prefix: string) =>
  new Set(sink.spans.filter((s) => s.name.startsWith(prefix)).map((s) => s.name));

async function sinkOn(port: number): Promise<OtlpSink> {
  const sink = await startOtlpSink(port);
  cleanups.push(() => sink.close());
  return sink;
}

describe('durable OTLP delivery (setupTracing default exporter)', () => {
  it('endpoint down, then up: every span is kept, retried and delivered (0 lost)', async () => {
    const port = await downPort();
    const app = startApp({ ENDPOINT: `http://127.0.0.1:${port}/v1/traces`, LABEL: 'A', COUNT: '200' });
    const made = await app.next();
    expect(made).toMatchObject({ queuedSpans: 200, droppedSpans: 0, deliveredSpans: 0 });
    expect(app.stderr()).toContain('unreachable');

    const sink = await sinkOn(port);
    await sink.waitFor(() => names(sink, 'A-').size === 200, 20_000);
    const stopped = await app.stop();
    expect(stopped).toMatchObject({ deliveredSpans: 200, queuedSpans: 0, droppedSpans: 0 });
    expect(sink.spans.filter((s) => s.name.startsWith('A-'))).toHaveLength(200);
  });

  it('restart during an outage with a spool dir: the spans of both process lifetimes are delivered', async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), 'convtrace-spool-'));
    cleanups.push(() => rmSync(spoolDir, { recursive: true, force: true }));
    const port = await downPort();
    const endpoint = `http://127.0.0.1:${port}/v1/traces`;

    const first = startApp({ ENDPOINT: endpoint, LABEL: 'L1', COUNT: '50', SPOOL_DIR: spoolDir });
    expect(await first.next()).toMatchObject({ queuedSpans: 50, droppedSpans: 0 });
    const firstStopped = await first.stop();
    expect(firstStopped.droppedSpans).toBe(0);
    expect(first.stderr()).toContain(`50 spans not delivered`);
    expect(first.stderr()).toContain(spoolDir);
    expect(readdirSync(spoolDir).length).toBeGreaterThan(0);

    const sink = await sinkOn(port);
    const second = startApp({ ENDPOINT: endpoint, LABEL: 'L2', COUNT: '50', SPOOL_DIR: spoolDir });
    await second.next();
    await sink.waitFor(() => names(sink, 'L1-').size === 50 && names(sink, 'L2-').size === 50, 20_000);
    expect(await second.stop()).toMatchObject({ deliveredSpans: 100, queuedSpans: 0, droppedSpans: 0 });
    expect(readdirSync(spoolDir).filter((n) => n.endsWith('.json'))).toEqual([]);
  });

  it('the byte bound is hit during an outage: what is dropped is counted, said, and the rest delivered', async () => {
    const port = await downPort();
    // Room for a few 10-span batches (~3 KB each), not for 200 spans.
    const app = startApp({
      ENDPOINT: `http://127.0.0.1:${port}/v1/traces`,
      LABEL: 'B',
      COUNT: '200',
      MAX_QUEUE_BYTES: '12000',
    });
    const made = await app.next();
    expect(made.droppedSpans).toBeGreaterThan(0);
    expect(made.queuedSpans + made.droppedSpans).toBe(200);
    expect(app.stderr()).toMatch(/dropped \d+ spans \(export queue full/);

    const sink = await sinkOn(port);
    await sink.waitFor(() => names(sink, 'B-').size === made.queuedSpans, 20_000);
    const stopped = await app.stop();
    expect(stopped.deliveredSpans + stopped.droppedSpans).toBe(200);
    expect(names(sink, 'B-').size).toBe(stopped.deliveredSpans);
  });
});
