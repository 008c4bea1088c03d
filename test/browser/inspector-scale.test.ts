/**
 * The inspector page at 1,000 turns in headless Chromium: the overview lists every turn in order
 * (through its virtual list), turn 500 opens on its own axis with no bar left of its parent and no
 * overlapping axis labels, the transcript shows the assistant's reply, and a live conversation gains a
 * turn on screen when its spans arrive (server-sent events, no reload).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { turnSpans } from '../inspect/fixtures.ts';
import { LONG_CONV, longConversation, longTurnText, SKEWED_TURN } from '../inspect/long-conversation.ts';
import { postOtlpJson } from '../inspect/otlp-encode.ts';
import { chromiumAvailable, IS_CI, openBrowser } from './support/chromium.ts';

const TURNS = 1000;
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');
const LIVE_CONV = 'live-conversation';

describe.runIf(IS_CI || chromiumAvailable())('inspector page at 1,000 turns, live', () => {
  let inspector: Inspector;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let dir: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-scale-'));
    // Straight into the store (no receiver round trip), then the inspector opens the same directory.
    const store = await SpanStore.open({ dataDir: dir });
    await store.append(longConversation(TURNS));
    store.close();
    inspector = await startInspector({ port: 0, receiverPort: 0, dataDir: dir });
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await inspector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ready = () => page.waitForSelector('body[data-ready="true"]');
  const visibleIndexes = () =>
    page.$$eval('[data-testid=turn-list] [data-testid=turn-row]', (rows) =>
      rows.map((r) => Number((r as HTMLElement).dataset.index)),
    );

  it('lists every turn once, in order, drawing only the rows in view', async () => {
    await page.goto(`${inspector.url}#/c/${encodeURIComponent(LONG_CONV)}`);
    await ready();
    const list = page.locator('[data-testid=turn-list]');
    const seen = new Set<number>();
    let previousMax = 0;
    for (let top = 0; ; ) {
      const scrolled = await list.evaluate((el, t) => {
        el.scrollTop = t;
        return el.scrollTop;
      }, top);
      // The row at the new scroll position is drawn once the list has caught up.
      await page.waitForSelector(`[data-testid=turn-row][data-index="${Math.floor(scrolled / 30) + 1}"]`);
      const rows = await visibleIndexes();
      expect(rows.length).toBeLessThan(80); // virtualised: a window of rows, not 1,000
      expect(rows).toEqual(rows.map((_, k) => rows[0]! + k)); // consecutive, ascending
      expect(rows[0]!).toBeLessThanOrEqual(previousMax + 1); // no gap between windows
      for (const i of rows) seen.add(i);
      previousMax = Math.max(previousMax, ...rows);
      const { scrollHeight, clientHeight } = await list.evaluate((el) => ({
        scrollHeight: el.scrollHeight,
        clientHeight: el.clientHeight,
      }));
      if (top + clientHeight >= scrollHeight) break;
      top += clientHeight;
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: TURNS }, (_, k) => k + 1));
    const last = page.locator('[data-testid=turn-row][data-index="1000"]');
    expect(await last.locator('[data-testid=turn-prompt]').textContent()).toBe(longTurnText(1000).prompt);
  });

  it('opens turn 500 on its own axis: no bar left of its parent, axis labels apart, the reply shown', async () => {
    await page.goto(`${inspector.url}#/c/${encodeURIComponent(LONG_CONV)}`);
    await ready();
    await page.locator('[data-testid=turn-list]').evaluate((el) => {
      el.scrollTop = 499 * 30 - 60;
    });
    await page.locator('[data-testid=turn-row][data-index="500"]').click();
    await page.waitForSelector(`[data-testid=turn-panel][data-index="${SKEWED_TURN}"]`);
    await ready();
    const bars = await page.$$eval('[data-testid=turn-panel] [data-testid=span-row]', (rows) =>
      rows.map((r) => {
        const el = r as HTMLElement;
        const bar = el.querySelector('[data-testid=bar]')!;
        const box = bar.getBoundingClientRect();
        return {
          id: el.dataset.spanId!,
          parent: el.dataset.parentId!,
          left: box.left,
          clamped: bar.classList.contains('clamped'),
        };
      }),
    );
    expect(bars.length).toBe(6); // invoke_agent, chat, tool, client, server, chat
    const byId = new Map(bars.map((b) => [b.id, b]));
    let checked = 0;
    for (const b of bars) {
      const parent = byId.get(b.parent);
      if (!parent) continue;
      expect(b.left).toBeGreaterThanOrEqual(parent.left - 0.5);
      checked++;
    }
    expect(checked).toBe(5);
    expect(bars.filter((b) => b.clamped).length).toBe(1); // the skewed server span, drawn from its parent
    // Axis labels: several, in order, none overlapping — also after the window narrows.
    for (const width of [1440, 900]) {
      await page.setViewportSize({ width, height: 900 });
      // Ticks are redrawn for the track's new width (the ResizeObserver records the width it drew for).
      await page.waitForFunction(() => {
        const axis = document.querySelector('[data-testid=turn-panel] [data-testid=axis]') as HTMLElement;
        return (
          axis.dataset.width === String(axis.clientWidth) &&
          axis.querySelectorAll('[data-testid=tick]').length >= 3
        );
      });
      const ticks = await page.$$eval('[data-testid=tick]', (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { left: r.left, right: r.right, text: e.textContent };
        }),
      );
      expect(ticks[0]!.text).toBe('0');
      for (let k = 1; k < ticks.length; k++)
        expect(ticks[k]!.left).toBeGreaterThanOrEqual(ticks[k - 1]!.right);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-1000-turns.png'), fullPage: true });
    const transcript = page.locator('[data-testid=turn-panel] [data-testid=transcript]');
    expect(await transcript.locator('[data-testid=message][data-role=user] .part').textContent()).toBe(
      longTurnText(SKEWED_TURN).prompt,
    );
    expect(await transcript.locator('[data-testid=message][data-role=assistant] .part').textContent()).toBe(
      longTurnText(SKEWED_TURN).answer,
    );
    expect(pageErrors).toEqual([]);
  });

  it('reads the whole conversation as one chat, loading turns as it scrolls, each linked to its timeline', async () => {
    await page.goto(`${inspector.url}#/c/${encodeURIComponent(LONG_CONV)}`);
    await ready();
    await page.click('[data-testid=tab-transcript]');
    const first = page.locator('[data-testid=transcript-turn][data-index="1"]');
    await first.waitFor();
    expect(await first.locator('[data-testid=message][data-role=assistant] .part').textContent()).toBe(
      longTurnText(1).answer,
    );
    expect(await page.locator('[data-testid=transcript-turn]').count()).toBeLessThan(TURNS); // loaded in steps
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-transcript.png') });
    const lastTurn = page.locator(`[data-testid=transcript-turn][data-index="${TURNS}"]`);
    while ((await lastTurn.count()) === 0) {
      const shown = await page.locator('[data-testid=transcript-turn]').count();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid=transcript-turn]').length > n,
        shown,
      );
    }
    const order = await page.$$eval('[data-testid=transcript-turn]', (els) =>
      els.map((e) => Number((e as HTMLElement).dataset.index)),
    );
    expect(order).toEqual(Array.from({ length: TURNS }, (_, k) => k + 1));
    await lastTurn.locator('.turn-link').click();
    await page.waitForSelector(`[data-testid=turn-panel][data-index="${TURNS}"]`);
    expect(await page.locator('[data-testid=transcript-view]').isHidden()).toBe(true);
  });

  it('a transcript step that fails is retried, not left on "Loading…"', async () => {
    // The first transcript request answers 503 once; the sentinel stays in view, so only a retry
    // can bring the turns.
    await page.route(
      '**/transcript?from=1&*',
      (route) => route.fulfill({ status: 503, json: { error: 'busy' } }),
      {
        times: 1,
      },
    );
    await page.goto(`${inspector.url}#/c/${encodeURIComponent(LONG_CONV)}`);
    await ready();
    await page.click('[data-testid=tab-transcript]');
    await page.locator('[data-testid=transcript-turn][data-index="1"]').waitFor({ timeout: 5000 });
    await page.unrouteAll();
  });

  it('a live conversation gains a turn on screen when its spans arrive, without a reload', async () => {
    const turn = (i: number) =>
      turnSpans({
        conversationId: LIVE_CONV,
        runId: `live-run-${i}`,
        at: 3_000_000 + i * 1000,
        prompt: `live ${i}`,
      });
    expect(await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, [...turn(1), ...turn(2)])).toBe(200);
    await page.goto(`${inspector.url}#/c/${LIVE_CONV}`);
    await ready();
    expect(await visibleIndexes()).toEqual([1, 2]);
    await page.evaluate(() => {
      (window as unknown as { __marker: boolean }).__marker = true; // gone if the page reloads
    });
    await page.waitForSelector('body[data-live="true"]');
    expect(await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, turn(3))).toBe(200);
    await page.waitForSelector('[data-testid=turn-row][data-index="3"]', { timeout: 2000 });
    expect(
      await page.locator('[data-testid=turn-row][data-index="3"] [data-testid=turn-prompt]').textContent(),
    ).toBe('live 3');
    expect(await page.evaluate(() => (window as unknown as { __marker?: boolean }).__marker)).toBe(true);
    // The list is live too: a new conversation shows up without a reload.
    await page.goto(inspector.url);
    await ready();
    await page.waitForSelector('body[data-live="true"]');
    const fresh = turnSpans({
      conversationId: 'live-newcomer',
      runId: 'live-new-1',
      at: 4_000_000,
      prompt: 'hi',
    });
    expect(await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, fresh)).toBe(200);
    await page.waitForSelector('[data-testid=conversation-row][data-id="live-newcomer"]', { timeout: 2000 });
  });
});
