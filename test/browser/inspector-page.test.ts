import { accessSync, constants } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import { DEMO, demoConversation, turnSpans } from '../inspect/fixtures.ts';
import { postOtlpJson } from '../inspect/otlp-encode.ts';

const CHROMIUM = process.env.CONVTRACE_CHROMIUM ?? '/usr/bin/chromium';
const IS_CI = process.env.CI === 'true' || process.env.CI === '1';
const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts');

function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const XSS_CONV = 'xss-"><img src=x onerror=window.__xss=3>';
const XSS_PROMPT = '<img src=x onerror="window.__xss=1;document.title=\'pwned\'">';
const XSS_ANSWER = '<script>window.__xss=2</script><b>bold?</b>';

// Debian `chromium` + playwright-core. Skipped locally without chromium; under CI its absence fails.
describe.runIf(IS_CI || chromiumAvailable())('inspector page in headless Chromium', () => {
  let inspector: Inspector;
  let context: BrowserContext;
  let page: Page;
  let dir: string;
  let profile: string;
  const dialogs: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!chromiumAvailable()) throw new Error(`chromium missing at ${CHROMIUM}: apt-get install -y chromium`);
    dir = await mkdtemp(join(tmpdir(), 'convtrace-browser-'));
    profile = await mkdtemp(join(tmpdir(), 'convtrace-chromium-'));
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
    expect(await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, [...demoConversation(), ...xss])).toBe(
      200,
    );
    await mkdir(ARTIFACTS, { recursive: true });
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1440, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await inspector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  async function ready(): Promise<void> {
    await page.waitForSelector('body[data-ready="true"]');
  }

  it('lists the conversations, and the search box filters them', async () => {
    await page.goto(inspector.url);
    await ready();
    const ids = await page.$$eval('[data-testid=conversation-row]', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.id),
    );
    expect(ids).toEqual(expect.arrayContaining([DEMO.conv, DEMO.forkConv, XSS_CONV]));
    const demoRow = page.locator(`[data-testid=conversation-row][data-id="${DEMO.conv}"]`);
    expect(await demoRow.locator('td').nth(1).textContent()).toBe('4');
    expect(await demoRow.locator('.preview').textContent()).toBe('What is the weather in Paris?');
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-list.png') });
    await page.fill('[data-testid=search]', 'paris');
    const filtered = await page.$$eval('[data-testid=conversation-row]', (rows) =>
      rows.map((r) => (r as HTMLElement).dataset.id),
    );
    expect(filtered).toEqual([DEMO.conv]);
    await page.selectOption('[data-testid=filter]', 'errors');
    expect(await page.locator('[data-testid=conversation-row]').count()).toBe(1);
  });

  it('shows one timeline with every turn in order and its model/tool spans, branches and forks', async () => {
    await page.goto(inspector.url);
    await ready();
    await page.click(`[data-testid=conversation-row][data-id="${DEMO.conv}"] a`);
    await page.waitForSelector('[data-testid=timeline]');
    await ready();
    const turns = await page.$$eval('[data-testid=turn]', (els) =>
      els.map((el) => ({
        index: (el as HTMLElement).dataset.index,
        runId: (el as HTMLElement).dataset.runId,
        spans: Array.from(el.querySelectorAll('[data-testid=span-row]')).map(
          (r) => `${(r as HTMLElement).dataset.category}:${r.querySelector('.span-name')?.textContent}`,
        ),
        marks: Array.from(el.querySelectorAll('[data-testid=fork-mark]')).map((m) => m.textContent),
      })),
    );
    expect(turns.map((t) => t.index)).toEqual(['1', '2', '3', '4']);
    expect(turns.map((t) => t.runId)).toEqual(DEMO.runs);
    expect(turns[0]!.spans).toEqual([
      'agent:invoke_agent support',
      'model:chat gpt-4o-mini',
      'tool:execute_tool get_weather',
      'downstream:GET',
      'downstream:GET /weather',
      'model:chat gpt-4o-mini',
    ]);
    expect(turns[1]!.spans).toContain('tool:execute_tool forecast');
    expect(turns[2]!.spans).toEqual(['agent:invoke_agent support', 'model:chat gpt-4o', 'model:chat gpt-4o']);
    expect(turns[2]!.marks).toEqual(['↳ branch of #1']);
    expect(await page.locator('[data-testid=fork]').textContent()).toContain(DEMO.forkConv);
    // Detail panel: GenAI attributes, the captured messages as a chat transcript, and a Jaeger link.
    await page
      .locator('[data-testid=turn]')
      .first()
      .locator('[data-testid=span-row][data-category=model]')
      .first()
      .click();
    const detail = page.locator('[data-testid=span-detail]');
    await detail.waitFor();
    const roles = await detail
      .locator('[data-testid=message]')
      .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.role));
    expect(roles).toEqual(['system', 'user']);
    expect(await detail.locator('[data-testid=message][data-role=user] .part').textContent()).toBe(
      'What is the weather in Paris?',
    );
    expect(await detail.locator('[data-testid=genai-attributes]').textContent()).toContain(
      'gen_ai.usage.input_tokens120',
    );
    const href = await detail.locator('a.ext').getAttribute('href');
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:16686\/trace\/[0-9a-f]{32}$/);
    await page.screenshot({ path: join(ARTIFACTS, 'inspector-conversation.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows attacker-controlled prompts as text and never runs them', async () => {
    await page.goto(inspector.url);
    await ready();
    await page.locator('[data-testid=conversation-row] a', { hasText: 'xss-' }).click();
    await page.waitForSelector('[data-testid=timeline]');
    await ready();
    expect(await page.locator('[data-testid=turn-prompt] .said').textContent()).toBe(XSS_PROMPT);
    expect(await page.locator('.conv-title-id').textContent()).toBe(XSS_CONV);
    await page.locator('[data-testid=span-row][data-category=model]').last().click();
    await page.locator('[data-testid=span-detail]').waitFor();
    expect(await page.locator('[data-testid=message][data-role=assistant] .part').textContent()).toBe(
      XSS_ANSWER,
    );
    await page.locator('[data-testid=turn-row]').click();
    await page.locator('[data-testid=turn-detail]').waitFor();
    await page.waitForTimeout(300);
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
