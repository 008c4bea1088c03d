/**
 * Inspector page benchmark: time until a 1,000-turn conversation is interactive in Chromium (Debian's
 * `chromium` through playwright-core): the overview drawn and the last turn's timeline and transcript
 * shown (the page's `convtrace-ready` performance mark, ms since navigation start), then the time to
 * open turn 500 from a click, and the two API answers behind them (cold: read + assemble each time). Spans go straight into the store
 * (test/inspect/long-conversation.ts: ~4.5 spans a turn, captured prompts and answers).
 *
 *   npx node bench/inspector-page.ts [--runs N] [--turns N] [--json]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startInspector } from '../src/inspect/inspector.ts';
import { SpanStore } from '../src/inspect/store/store.ts';
import { openBrowser } from '../test/browser/support/chromium.ts';
import { LONG_CONV, longConversation } from '../test/inspect/long-conversation.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const RUNS = arg('runs', 7);
const TURNS = arg('turns', 1000);

function stats(xs: number[]): { median: number; p95: number; min: number } {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { median: at(0.5), p95: at(0.95), min: s[0]! };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'convtrace-bench-page-'));
  const store = await SpanStore.open({ dataDir: dir });
  await store.append(longConversation(TURNS));
  store.close();
  const inspector = await startInspector({ port: 0, receiverPort: 0, dataDir: dir });
  const browser = await openBrowser();
  const base = `${inspector.url}#/c/${encodeURIComponent(LONG_CONV)}`;
  const api = `${inspector.url}api/conversations/${encodeURIComponent(LONG_CONV)}`;
  const ready: number[] = [];
  const wall: number[] = [];
  const select: number[] = [];
  const overviewApi: number[] = [];
  const turnApi: number[] = [];
  try {
    for (let run = 0; run <= RUNS; run++) {
      const page = await browser.context.newPage();
      const t0 = performance.now();
      await page.goto(base);
      await page.waitForSelector('body[data-ready="true"]');
      const t1 = performance.now();
      const mark = await page.evaluate(
        () => performance.getEntriesByName('convtrace-ready')[0]?.startTime ?? NaN,
      );
      await page.locator('[data-testid=turn-list]').evaluate((el) => {
        el.scrollTop = 499 * 30 - 60;
      });
      const row = page.locator('[data-testid=turn-row][data-index="500"]');
      await row.waitFor();
      const t2 = performance.now();
      await row.click();
      await page.waitForSelector('[data-testid=turn-panel][data-index="500"]');
      const t3 = performance.now();
      await page.close();
      // The API cold: past the server's 2 s reuse of an assembled conversation.
      await new Promise((r) => setTimeout(r, 2100));
      let t = performance.now();
      await (await fetch(`${api}/overview`)).arrayBuffer();
      const o = performance.now() - t;
      t = performance.now();
      await (await fetch(`${api}/turns/500`)).arrayBuffer();
      const tt = performance.now() - t;
      if (run === 0) continue; // warm-up (module transpile cache, SQLite page cache)
      ready.push(mark);
      wall.push(t1 - t0);
      select.push(t3 - t2);
      overviewApi.push(o);
      turnApi.push(tt);
    }
  } finally {
    await browser.close();
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  }
  const result = {
    turns: TURNS,
    runs: RUNS,
    interactiveMs: stats(ready),
    gotoToReadyWallMs: stats(wall),
    selectTurn500Ms: stats(select),
    overviewApiMs: stats(overviewApi),
    turnApiMs: stats(turnApi),
  };
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const f = (s: { median: number; p95: number; min: number }) =>
    `median ${s.median.toFixed(0)} ms · p95 ${s.p95.toFixed(0)} ms · min ${s.min.toFixed(0)} ms`;
  console.log(`${TURNS} turns, ${RUNS} runs after a warm-up`);
  console.log(`interactive (navigation → overview + last turn drawn): ${f(result.interactiveMs)}`);
  console.log(`goto → ready (wall, from Node):                         ${f(result.gotoToReadyWallMs)}`);
  console.log(`click turn 500 → its timeline and transcript:           ${f(result.selectTurn500Ms)}`);
  console.log(`GET …/overview:                                          ${f(result.overviewApiMs)}`);
  console.log(`GET …/turns/500 (right after, assembled conversation reused): ${f(result.turnApiMs)}`);
}

await main();
