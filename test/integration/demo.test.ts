import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
