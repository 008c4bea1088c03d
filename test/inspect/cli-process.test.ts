import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { turnSpans } from './fixtures.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(root, 'src/inspect/cli-main.ts');
const run = promisify(execFile);

/** Runs a shell command line; resolves with its streams and exit code (never rejects on exit code). */
async function sh(script: string, env: Record<string, string> = {}) {
  try {
    const r = await run('bash', ['-c', script], { env: { ...process.env, ...env }, timeout: 60_000 });
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('the convtrace executable', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-cli-proc-'));
    const store = await SpanStore.open({ dataDir: dir });
    // 300 turns: the timeline is far bigger than a pipe buffer.
    for (let i = 0; i < 300; i++)
      await store.append(
        turnSpans({ conversationId: 'long', runId: `r${i}`, at: i * 1000, prompt: `q${i}` }),
      );
    store.close();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('`show | head` ends quietly when the reader goes away (no EPIPE crash)', async () => {
    const r = await sh(
      `"${process.execPath}" "${CLI}" show long --data-dir "${dir}" --width 100 | head -n 2; echo "exit=\${PIPESTATUS[0]}" >&2`,
    );
    expect(r.stdout.split('\n')[0]).toBe('Conversation long');
    expect(r.stderr).not.toMatch(/EPIPE|Error/);
    expect(r.stderr).toContain('exit=0');
  });

  it('`serve` with the receiver port taken: one line naming the address, exit 1, no stack', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const r = await sh(
        `"${process.execPath}" "${CLI}" serve --data-dir "${dir}" --port 0 --receiver-port ${port}`,
      );
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([
        `convtrace: cannot listen on 127.0.0.1:${port}: the port is already in use (pick another one)`,
      ]);
    } finally {
      blocker.close();
    }
  });

  it('finds the data `npm start` wrote: the default data directory is shared, and named when empty', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'convtrace-cli-empty-'));
    try {
      const r = await sh(`cd "${empty}" && "${process.execPath}" "${CLI}" conversations`);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(
        `No conversations found in local store ${join('.convtrace', 'convtrace.sqlite')}.\n`,
      );
      const show = await sh(`cd "${empty}" && "${process.execPath}" "${CLI}" show nope`);
      expect(show.code).toBe(1);
      expect(show.stderr).toContain('in local store .convtrace/convtrace.sqlite');
      const env = await sh(`cd "${empty}" && "${process.execPath}" "${CLI}" conversations`, {
        CONVTRACE_DATA_DIR: dir,
      });
      expect(env.stdout).toMatch(/^CONVERSATION/);
      expect(env.stdout).toContain('long');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
