import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('npm start (examples/demo.ts --once)', () => {
  it('runs the scripted conversation and prints its timeline, the fork and the inspector URL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'convtrace-demo-'));
    const { stdout } = await run(
      process.execPath,
      ['examples/demo.ts', '--once', '--port', '0', '--receiver-port', '0', '--data-dir', dataDir],
      { cwd: root, env: { ...process.env, OPENAI_API_KEY: '', NO_COLOR: '1' }, timeout: 60_000 },
    );
    expect(stdout).toContain('assistant Good news: rooms available in Lisbon');
    const header = stdout.split('\n').find((l) => l.startsWith('Conversation '))!;
    const id = header.slice('Conversation '.length).trim();
    expect(stdout).toMatch(/3 turns · \d+ spans · 3 traces/);
    // Three turns of the main conversation, in order, each with model and tool spans.
    const turns = stdout.split('\n').filter((l) => /^#\d+ /.test(l));
    expect(turns.map((l) => l.split(' ')[0])).toEqual(['#1', '#2', '#3']);
    expect(stdout.match(/execute_tool check_availability/g)?.length).toBe(2);
    expect(stdout).toContain('[inventory-service]');
    expect(stdout).toMatch(/forked into [0-9a-f-]{36}/);
    expect(stdout).toMatch(new RegExp(`inspector: http://127\\.0\\.0\\.1:\\d+/#/c/${id}`));
    expect(stdout).not.toContain('\u001b[');
  });
});

describe('npm start (examples/demo.ts, kept running)', () => {
  it('writes where the CLI reads by default, and SIGTERM stops it together with its downstream child', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'convtrace-demo-cwd-'));
    const demo = spawn(
      process.execPath,
      [join(root, 'examples/demo.ts'), '--port', '0', '--receiver-port', '0'],
      {
        cwd,
        env: { ...process.env, OPENAI_API_KEY: '', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = once(demo, 'exit');
    try {
      let out = '';
      for await (const line of createInterface({ input: demo.stdout! })) {
        out += `${line}\n`;
        if (line === 'Ctrl-C to stop.') break;
      }
      const id = /^Conversation (\S+)/m.exec(out)![1]!;
      // The CLI, run in the same directory with no flags, finds the demo's conversation (while it runs).
      const cli = await run(
        process.execPath,
        [join(root, 'src/inspect/cli-main.ts'), 'conversations', '--json'],
        {
          cwd,
          timeout: 30_000,
        },
      );
      expect((JSON.parse(cli.stdout) as Array<{ id: string }>).map((r) => r.id)).toContain(id);
      const children = (await run('ps', ['-o', 'pid=', '--ppid', String(demo.pid)])).stdout
        .split('\n')
        .map((l) => Number(l.trim()))
        .filter((pid) => pid > 0);
      expect(children.length).toBeGreaterThan(0);
      demo.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      expect(code).toBe(0);
      for (let i = 0; i < 50 && children.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
      expect(children.filter(alive)).toEqual([]);
    } finally {
      demo.kill('SIGKILL');
      await rm(cwd, { recursive: true, force: true });
    }
  }, 90_000);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
