import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, useColor } from '../../src/inspect/cli.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { captureIo, DEMO, demoConversation } from './fixtures.ts';

describe('convtrace CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-cli-'));
    const store = await SpanStore.open({ dataDir: dir });
    await store.append(demoConversation());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('conversations: a table of recent conversations from the local store', async () => {
    const t = captureIo({ columns: 130 });
    expect(await runCli(['conversations', '--data-dir', dir], t)).toBe(0);
    const lines = t.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CONVERSATION\s+TURNS/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual([DEMO.forkConv, DEMO.conv]);
    expect(t.out).not.toContain('\u001b[');
  });

  it('show --prices FILE: costs from the file; a bad file is an error naming the field', async () => {
    const prices = join(dir, 'prices.json');
    await writeFile(
      prices,
      JSON.stringify({ asOf: '2026-10-01', models: { 'gpt-4o-mini': { input: 1000, output: 0 } } }),
    );
    const t = captureIo({ columns: 120 });
    expect(await runCli(['show', DEMO.conv, '--data-dir', dir, '--prices', prices], t)).toBe(0);
    // 1,230 gpt-4o-mini input tokens at $1000 per million, plus gpt-4o at its built-in price ($0.001625).
    expect(t.out).toContain('cost $1.23 ·');
    expect(t.out).toContain('prices as of 2026-10-01');
    await writeFile(
      prices,
      JSON.stringify({ asOf: '2026-10-01', models: { x: { input: 'free', output: 0 } } }),
    );
    const bad = captureIo();
    expect(await runCli(['conversations', '--data-dir', dir, '--prices', prices], bad)).toBe(1);
    expect(bad.err).toContain('models.x.input');
  });

  it('conversations --json --search', async () => {
    const t = captureIo();
    expect(await runCli(['conversations', '--data-dir', dir, '--json', '--search', 'paris'], t)).toBe(0);
    const rows = JSON.parse(t.out) as Array<{ id: string; turns: number; errors: number }>;
    expect(rows).toEqual([expect.objectContaining({ id: DEMO.conv, turns: 4, errors: 1 })]);
  });

  it('show: the terminal timeline, plain when not a TTY', async () => {
    const t = captureIo({ columns: 90 });
    expect(await runCli(['show', DEMO.conv, '--data-dir', dir], t)).toBe(0);
    const lines = t.out.split('\n');
    expect(lines[0]).toBe(`Conversation ${DEMO.conv}`);
    expect(lines.filter((l) => /^\s*#\d /.test(l)).map((l) => l.trim().slice(0, 2))).toEqual([
      '#1',
      '#2',
      '#3',
      '#4',
    ]);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(90);
    expect(t.out).not.toContain('\u001b[');
  });

  it('show --json prints the assembled conversation; colour follows TTY and NO_COLOR', async () => {
    const t = captureIo();
    expect(await runCli(['show', DEMO.conv, '--data-dir', dir, '--json'], t)).toBe(0);
    const c = JSON.parse(t.out) as { id: string; turns: Array<{ runId: string }> };
    expect(c.id).toBe(DEMO.conv);
    expect(c.turns.map((x) => x.runId)).toEqual(DEMO.runs);
    const tty = captureIo({ isTTY: true, columns: 100 });
    await runCli(['show', DEMO.conv, '--data-dir', dir], tty);
    expect(tty.out).toContain('\u001b[');
    const noColor = captureIo({ isTTY: true, env: { NO_COLOR: '1' } });
    await runCli(['show', DEMO.conv, '--data-dir', dir], noColor);
    expect(noColor.out).not.toContain('\u001b[');
    expect(useColor(captureIo({ env: { FORCE_COLOR: '1' } }), undefined)).toBe(true);
    expect(useColor(captureIo({ isTTY: true }), false)).toBe(false);
  });

  it('show of an unknown conversation exits 1 with a message', async () => {
    const t = captureIo();
    expect(await runCli(['show', 'nope', '--data-dir', dir], t)).toBe(1);
    expect(t.err).toMatch(/^convtrace: no spans of conversation nope/);
  });

  it('rejects a bad --jaeger URL and bad options', async () => {
    const t = captureIo();
    expect(await runCli(['conversations', '--jaeger', 'nope'], t)).toBe(1);
    expect(t.err).toContain('invalid jaeger');
    const p = captureIo();
    expect(await runCli(['serve', '--port', '99999'], p)).not.toBe(0);
    expect(p.err).toMatch(/port/);
  });

  it('serve: starts page and receiver on loopback and stops cleanly', async () => {
    let stop!: () => void;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const t = captureIo({ untilStopped: () => stopped });
    const run = runCli(['serve', '--data-dir', dir, '--port', '0', '--receiver-port', '0', '--json'], t);
    for (let i = 0; i < 100 && !t.out; i++) await new Promise((r) => setTimeout(r, 20));
    const info = JSON.parse(t.out) as { url: string; receiverUrl: string };
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(info.receiverUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const list = (await (await fetch(`${info.url}api/conversations`)).json()) as { conversations: unknown[] };
    expect(list.conversations).toHaveLength(2);
    stop();
    expect(await run).toBe(0);
  });
});
