import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { turnSpans } from './fixtures.ts';
import { postOtlpJson } from './otlp-encode.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts `convtrace serve` (the real CLI) in its own process; resolves with its receiver URL. */
async function startServe(dataDir: string): Promise<{ child: ChildProcess; receiverUrl: string }> {
  const child = spawn(
    process.execPath,
    [
      'src/inspect/cli-main.ts',
      'serve',
      '--data-dir',
      dataDir,
      '--port',
      '0',
      '--receiver-port',
      '0',
      '--json',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, receiverUrl: (JSON.parse(line) as { receiverUrl: string }).receiverUrl };
}

describe('durability of the built-in store', () => {
  let dir: string | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    child?.kill('SIGKILL');
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('kill -9 of `serve` mid-ingest loses no span that got a 200', async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-crash-'));
    const serve = await startServe(dir);
    child = serve.child;
    const exited = once(child, 'exit');
    const acked: SpanRecord[] = [];
    let sent = 0;
    let killed = false;
    // Four exporters posting 20-turn batches until the process dies under them.
    const exporter = async (w: number) => {
      for (let b = 0; !killed; b++) {
        const batch = Array.from({ length: 20 }, (_, i) =>
          turnSpans({ conversationId: `conv-${w}-${b % 7}`, runId: `run-${w}-${b}-${i}`, at: b * 100 + i }),
        ).flat();
        sent += batch.length;
        try {
          if ((await postOtlpJson(`${serve.receiverUrl}/v1/traces`, batch)) === 200) acked.push(...batch);
        } catch {
          return; // connection reset by the kill: not acknowledged
        }
      }
    };
    const running = [0, 1, 2, 3].map(exporter);
    while (acked.length < 3000) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    killed = true;
    await exited;
    await Promise.all(running);
    expect(sent).toBeGreaterThan(acked.length); // some requests were in flight when it died

    const store = await SpanStore.open({ dataDir: dir });
    try {
      const stored = new Set<string>();
      const convs = new Set(acked.map((s) => s.attributes['gen_ai.conversation.id'] as string));
      for (const c of convs)
        for (const s of store.conversationSpans(c)) stored.add(`${s.traceId}/${s.spanId}`);
      const lost = acked.filter((s) => !stored.has(`${s.traceId}/${s.spanId}`));
      expect(lost).toEqual([]);
      expect(store.size).toBeGreaterThanOrEqual(acked.length);
      // The list rows of conversations written just before the kill are rebuilt on read.
      expect(store.listConversations({ limit: 100 }).total).toBe(convs.size);
    } finally {
      store.close();
    }
  }, 60_000);
});
