import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import { DEMO, demoConversation, span, turnSpans } from '../inspect/fixtures.ts';
import { postOtlpJson } from '../inspect/otlp-encode.ts';
import { chromiumAvailable, IS_CI, openBrowser } from './support/chromium.ts';

const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');

const XSS_CONV = 'xss-"><img src=x onerror=window.__xss=3>';
const XSS_PROMPT = '<img src=x onerror="window.__xss=1;document.title=\'pwned\'">';
const XSS_ANSWER = '<script>window.__xss=2</script><b>bold?</b>';
const NO_CONTENT_CONV = 'no-content-conversation';

// Debian `chromium` + playwright-core. Skipped locally without chromium; under CI its absence fails.
describe.runIf(IS_CI || chromiumAvailable())('inspector page in headless Chromium', () => {
  let inspector: Inspector;
  let browser: Awaited<ReturnType<typeof openBrowser>>;
  let page: Page;
  let dir: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-browser-'));
    inspector = await startInspector({
      port: 0,
      receiverPort: 0,
      dataDir: dir,
      jaegerUiUrl: 'http://127.0.0.1:16686',
    });
    const xss = turnSpans({
      conversationId: XSS_CONV,
      runId: 'run-xss',
      agent: '<i>agent</i>',
      at: 20_000,
      prompt: XSS_PROMPT,
      answer: XSS_ANSWER,
      tools: [{ name: '<svg onload=window.__xss=4>' }],
    });
    const quiet = turnSpans({
      conversationId: NO_CONTENT_CONV,
      runId: 'run-quiet',
      at: 30_000,
      agent: 'ops',
    });
    // A second service in the quiet conversation, for the service filter.
    quiet.push(
      span({
        traceId: quiet[0]!.traceId,
        parent: quiet[0]!.spanId,
        name: 'GET /stock',
        start: Date.UTC(2026, 10, 22, 10, 0, 30) + 5,
        end: Date.UTC(2026, 10, 22, 10, 0, 30) + 50,
        kind: 'server',
        service: 'stock-svc',
        attributes: { 'gen_ai.conversation.id': NO_CONTENT_CONV, 'gen_ai.agent.call.id': 'run-quiet' },
      }),
    );
    expect(
      await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, [...demoConversation(), ...xss, ...quiet]),
    ).toBe(200);
    await mkdir(ARTIFACTS, { recursive: true });
    browser = await openBrowser();
    page = browser.page;
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await inspector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ready = () => page.waitForSelector('body[data-ready="true"]');
  const listed = () =>
    page.$$eval('[data-testid=conversation-row]', (rows) => rows.map((r) => (r as HTMLElement).dataset.id));

  it('lists the conversations with their cost, and the finder filters them', async () => {
    await page.goto(inspector.url);
    await ready();
    expect(await listed()).toEqual(
      expect.arrayContaining([DEMO.conv, DEMO.forkConv, XSS_CONV, NO_CONTENT_CONV]),
    );
    const demoRow = page.locator(`[data-testid=conversation-row][data-id="${DEMO.conv}"]`);
    expect(await demoRow.locator('td').nth(1).textContent()).toBe('4');
    expect(await demoRow.locator('.preview').textContent()).toBe('What is the weather in Paris?');
    expect(await demoRow.locator('[data-testid=conversation-cost]').textContent()).toMatch(/^\$0\.\d{4}$/);
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-list.png') });
    const find = async (testid: string, value: string, expected: string[]): Promise<void> => {
      // Typing marks the page busy at once; it is ready again when the filtered answer is drawn.
      await page.fill(`[data-testid=${testid}]`, value);
      await ready();
      expect((await listed()).sort()).toEqual([...expected].sort());
      await page.fill(`[data-testid=${testid}]`, '');
      await ready();
    };
    await find('search', 'paris', [DEMO.conv]);
    await find('filter-agent', 'ops', [NO_CONTENT_CONV]);
    await find('filter-service', 'stock-svc', [NO_CONTENT_CONV]);
    await find('filter-model', 'gpt-4o', [DEMO.conv]);
    await find('filter-id', 'f0a2', [DEMO.forkConv]);
    await page.selectOption('[data-testid=filter]', 'errors');
    await ready();
    expect(await listed()).toEqual([DEMO.conv]);
  });

  it('shows every turn in the overview, and a selected turn with its spans, branches and forks', async () => {
    await page.goto(inspector.url);
    await ready();
    await page.click(`[data-testid=conversation-row][data-id="${DEMO.conv}"] a`);
    await page.waitForSelector('[data-testid=turn-panel]');
    await ready();
    const rows = await page.$$eval('[data-testid=turn-row]', (els) =>
      els.map((el) => ({
        index: (el as HTMLElement).dataset.index,
        runId: (el as HTMLElement).dataset.runId,
        marks: Array.from(el.querySelectorAll('[data-testid=fork-mark]')).map((m) => m.textContent),
      })),
    );
    expect(rows.map((t) => t.index)).toEqual(['1', '2', '3', '4']);
    expect(rows.map((t) => t.runId)).toEqual(DEMO.runs);
    expect(rows[2]!.marks).toEqual(['↳ branch of #1']);
    expect(await page.locator('[data-testid=fork]').textContent()).toContain(DEMO.forkConv);
    expect(await page.locator('[data-testid=conversation-cost] .chip-value').textContent()).toMatch(
      /^\$0\.\d{4}$/,
    );
    await page.locator('[data-testid=turn-row][data-index="1"]').click();
    await page.waitForSelector('[data-testid=turn-panel][data-index="1"]');
    const spans = await page.$$eval('[data-testid=turn-panel] [data-testid=span-row]', (els) =>
      els.map((r) => `${(r as HTMLElement).dataset.category}:${r.querySelector('.span-name')?.textContent}`),
    );
    expect(spans).toEqual([
      'agent:invoke_agent support',
      'model:chat gpt-4o-mini',
      'tool:execute_tool get_weather',
      'downstream:GET',
      'downstream:GET /weather',
      'model:chat gpt-4o-mini',
    ]);
    expect(page.url()).toMatch(/#\/c\/[^/]+\/t\/1$/);
    // Detail panel: GenAI attributes, the captured messages, and a Jaeger link.
    await page
      .locator('[data-testid=turn-panel] [data-testid=span-row][data-category=model]')
      .first()
      .click();
    const detail = page.locator('[data-testid=span-detail]');
    await detail.waitFor();
    const roles = await detail
      .locator('[data-testid=message]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.role));
    expect(roles).toEqual(['system', 'user']);
    expect(await detail.locator('[data-testid=genai-attributes]').textContent()).toContain(
      'gen_ai.usage.input_tokens120',
    );
    const href = await detail.locator('a.ext').getAttribute('href');
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:16686\/trace\/[0-9a-f]{32}$/);
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-conversation.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('says how to turn capture on when a turn has no content', async () => {
    await page.goto(`${inspector.url}#/c/${NO_CONTENT_CONV}`);
    await page.waitForSelector('[data-testid=turn-panel]');
    expect(await page.locator('[data-testid=capture-note]').textContent()).toContain(
      'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true',
    );
  });

  it('shows attacker-controlled prompts as text and never runs them', async () => {
    await page.goto(inspector.url);
    await ready();
    await page.locator('[data-testid=conversation-row] a', { hasText: 'xss-' }).click();
    await page.waitForSelector('[data-testid=turn-panel]');
    await ready();
    expect(await page.locator('[data-testid=turn-row] [data-testid=turn-prompt]').textContent()).toBe(
      XSS_PROMPT,
    );
    expect(await page.locator('.conv-title-id').textContent()).toBe(XSS_CONV);
    const transcript = page.locator('[data-testid=turn-panel] [data-testid=transcript]');
    expect(await transcript.locator('[data-testid=message][data-role=user] .part').textContent()).toBe(
      XSS_PROMPT,
    );
    expect(await transcript.locator('[data-testid=message][data-role=assistant] .part').textContent()).toBe(
      XSS_ANSWER,
    );
    await page.locator('[data-testid=span-row][data-category=model]').last().click();
    await page.locator('[data-testid=span-detail]').waitFor();
    // No element came from the payloads, nothing ran, the title is untouched.
    expect(
      await page.locator('main img, aside img, main script, aside script, main svg, main b, aside b').count(),
    ).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.title()).toBe('convtrace inspector');
    expect(dialogs).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-xss.png'), fullPage: true });
  });
});
