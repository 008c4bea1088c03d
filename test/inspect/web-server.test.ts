import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import type { ConversationResponse, ListResponse } from '../../src/inspect/model/api-types.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/inspect/server/web-server.ts';
import { DEMO, demoConversation } from './fixtures.ts';
import { postOtlpJson } from './otlp-encode.ts';

function rawGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('inspector web server', () => {
  let dir: string;
  let inspector: Inspector;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-web-'));
    inspector = await startInspector({
      port: 0,
      receiverPort: 0,
      dataDir: dir,
      jaegerUiUrl: 'http://127.0.0.1:16686',
    });
    expect(await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, demoConversation())).toBe(200);
  });
  afterAll(async () => {
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the page with a strict CSP and no inline script or style', async () => {
    const res = await fetch(inspector.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('<script type="module" src="/assets/web/app.js"></script>');
    expect(html).not.toMatch(/<script>|style="/);
  });

  it('serves the page modules as JavaScript (TypeScript stripped), and nothing outside web/ and display/', async () => {
    const res = await fetch(`${inspector.url}assets/web/turn-view.js`);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const js = await res.text();
    expect(js).toContain('export function renderTurn');
    expect(js).not.toMatch(/import type|: HTMLElement/);
    expect(js).toMatch(/from ["']\.\/dom\.js["']/);
    expect(js).not.toMatch(/innerHTML|insertAdjacentHTML|outerHTML|document\.write/);
    const chat = await fetch(`${inspector.url}assets/display/messages.js`);
    expect(await chat.text()).toContain('export function parseChatMessages');
    expect((await fetch(`${inspector.url}assets/web/..%2Fstore.js`)).status).toBe(404);
    expect((await fetch(`${inspector.url}assets/store/store.js`)).status).toBe(404);
    expect((await fetch(`${inspector.url}assets/model/conversation-model.js`)).status).toBe(404);
    expect((await fetch(`${inspector.url}assets/style.css`)).headers.get('content-type')).toMatch(
      /^text\/css/,
    );
  });

  it('answers the list and conversation API with Jaeger trace links', async () => {
    const list = (await (await fetch(`${inspector.url}api/conversations`)).json()) as ListResponse;
    expect(list.conversations.map((c) => c.id)).toEqual([DEMO.forkConv, DEMO.conv]);
    const filtered = (await (await fetch(`${inspector.url}api/conversations?q=lyon`)).json()) as ListResponse;
    expect(filtered.conversations.map((c) => c.id)).toEqual([]);
    const one = (await (
      await fetch(`${inspector.url}api/conversations/${DEMO.conv}`)
    ).json()) as ConversationResponse;
    expect(one.conversation.turns).toHaveLength(4);
    const firstTrace = one.conversation.traceIds[0]!;
    expect(one.traceUrls[firstTrace]).toBe(`http://127.0.0.1:16686/trace/${firstTrace}`);
    const missing = await fetch(`${inspector.url}api/conversations/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toContain('nope');
  });

  it('refuses foreign Host headers (DNS rebinding) and non-GET methods', async () => {
    expect(await rawGet(`${inspector.url}api/conversations`, 'evil.example:80')).toBe(421);
    expect(
      await rawGet(`${inspector.url}api/conversations`, `localhost:${new URL(inspector.url).port}`),
    ).toBe(200);
    expect((await fetch(inspector.url, { method: 'POST' })).status).toBe(405);
  });
});
