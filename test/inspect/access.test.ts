/**
 * Who may talk to the inspector (issue 18): the receiver checks Host and Origin as the page does (one
 * check, src/http/access.ts) — a DNS-rebound request (`Host: evil.example` to 127.0.0.1) gets 421 and
 * stores nothing, a foreign browser Origin 403 — and with an access token both page/API and receiver
 * require it. Serving beyond loopback without a token is refused before anything binds.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessTokenRequiredError } from '../../src/http/access.ts';
import { type CliIo, runCli } from '../../src/inspect/cli.ts';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import { DEMO, demoConversation } from './fixtures.ts';
import { toOtlpJson } from './otlp-encode.ts';

interface Raw {
  status: number;
  body: string;
  setCookie: string[];
}

function raw(
  url: string,
  o: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: o.method ?? 'GET', headers: o.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body, setCookie: res.headers['set-cookie'] ?? [] }),
      );
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const OTLP = JSON.stringify(toOtlpJson(demoConversation()));
const JSON_TYPE = { 'content-type': 'application/json' };

describe('receiver and page access (no token, loopback)', () => {
  let dir: string;
  let inspector: Inspector;
  let traces: string;
  let receiverPort: string;
  let pagePort: string;
  const stored = async () => (await inspector.source.listConversations({ limit: 10 })).total;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-access-'));
    inspector = await startInspector({ port: 0, receiverPort: 0, dataDir: dir });
    traces = `${inspector.receiverUrl}/v1/traces`;
    receiverPort = new URL(inspector.receiverUrl!).port;
    pagePort = new URL(inspector.url).port;
  });
  afterAll(async () => {
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('DNS rebinding: Host evil.example to 127.0.0.1 → 421 on the receiver, nothing stored', async () => {
    const r = await raw(traces, {
      method: 'POST',
      headers: { ...JSON_TYPE, host: `evil.example:${receiverPort}` },
      body: OTLP,
    });
    expect(r.status).toBe(421);
    expect(JSON.parse(r.body)).toMatchObject({ code: 7, message: expect.stringContaining('misdirected') });
    expect(await stored()).toBe(0);
  });

  it('a foreign browser Origin → 403 on receiver and page API; the inspector’s own page origin is accepted', async () => {
    const evil = { origin: 'http://evil.example' };
    expect(
      (await raw(traces, { method: 'POST', headers: { ...JSON_TYPE, ...evil }, body: OTLP })).status,
    ).toBe(403);
    // Same host name, another port than the page's: still foreign.
    const otherPort = { origin: 'http://127.0.0.1:1' };
    expect(
      (await raw(traces, { method: 'POST', headers: { ...JSON_TYPE, ...otherPort }, body: OTLP })).status,
    ).toBe(403);
    expect((await raw(`${inspector.url}api/conversations`, { headers: evil })).status).toBe(403);
    expect(await stored()).toBe(0);
    const page = { origin: `http://127.0.0.1:${pagePort}` };
    expect(
      (await raw(traces, { method: 'POST', headers: { ...JSON_TYPE, ...page }, body: OTLP })).status,
    ).toBe(200);
    expect((await raw(`${inspector.url}api/conversations`, { headers: page })).status).toBe(200);
    expect(await stored()).toBe(2);
  });
});

describe('access token', () => {
  let dir: string;
  let inspector: Inspector;
  const TOKEN = 'tok-4f1c2a';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-token-'));
    inspector = await startInspector({ port: 0, receiverPort: 0, dataDir: dir, token: TOKEN });
  });
  afterAll(async () => {
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('the receiver requires Authorization: Bearer <token>', async () => {
    const traces = `${inspector.receiverUrl}/v1/traces`;
    expect((await raw(traces, { method: 'POST', headers: JSON_TYPE, body: OTLP })).status).toBe(401);
    const wrong = { ...JSON_TYPE, authorization: 'Bearer nope' };
    expect((await raw(traces, { method: 'POST', headers: wrong, body: OTLP })).status).toBe(401);
    expect((await inspector.source.listConversations({})).total).toBe(0);
    const right = { ...JSON_TYPE, authorization: `Bearer ${TOKEN}` };
    expect((await raw(traces, { method: 'POST', headers: right, body: OTLP })).status).toBe(200);
  });

  it('the page API takes the bearer token; the page takes ?token= once and keeps it in a cookie', async () => {
    const api = `${inspector.url}api/conversations/${DEMO.conv}`;
    expect((await raw(api)).status).toBe(401);
    expect((await raw(inspector.url)).status).toBe(401);
    expect((await raw(api, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    const page = await raw(`${inspector.url}?token=${TOKEN}`);
    expect(page.status).toBe(200);
    const cookie = page.setCookie[0]!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await raw(api, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
    expect((await raw(`${inspector.url}?token=wrong`)).status).toBe(401);
  });
});

describe('serving beyond loopback', () => {
  it('needs a token: startInspector and the CLI refuse before binding, naming --token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'convtrace-bind-'));
    try {
      await expect(
        startInspector({ host: '0.0.0.0', port: 0, receiverPort: 0, dataDir: dir }),
      ).rejects.toThrow(AccessTokenRequiredError);
      const state = { out: '', err: '' };
      const io: CliIo = {
        stdout: (t) => {
          state.out += t;
        },
        stderr: (t) => {
          state.err += t;
        },
        env: {},
        isTTY: false,
        untilStopped: () => Promise.resolve(),
      };
      const args = ['serve', '--host', '0.0.0.0', '--port', '0', '--receiver-port', '0', '--data-dir', dir];
      expect(await runCli(args, io)).toBe(1);
      expect(state.err.trimEnd().split('\n')).toHaveLength(1);
      expect(state.err).toContain('--token');
      expect(state.err).toContain('CONVTRACE_INSPECTOR_TOKEN');
      expect(state.out).toBe('');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('convtrace serve --token / CONVTRACE_INSPECTOR_TOKEN', () => {
  it('takes the token from the environment: the receiver and API then require it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'convtrace-envtoken-'));
    const state = { out: '', err: '' };
    const statuses: number[] = [];
    const io: CliIo = {
      stdout: (t) => {
        state.out += t;
      },
      stderr: (t) => {
        state.err += t;
      },
      env: { CONVTRACE_INSPECTOR_TOKEN: 'env-tok' },
      isTTY: false,
      untilStopped: async () => {
        const { url, receiverUrl } = JSON.parse(state.out) as { url: string; receiverUrl: string };
        const traces = `${receiverUrl}/v1/traces`;
        statuses.push((await raw(traces, { method: 'POST', headers: JSON_TYPE, body: OTLP })).status);
        const auth = { ...JSON_TYPE, authorization: 'Bearer env-tok' };
        statuses.push((await raw(traces, { method: 'POST', headers: auth, body: OTLP })).status);
        statuses.push((await raw(`${url}api/conversations`)).status);
        statuses.push((await raw(`${url}api/conversations`, { headers: auth })).status);
      },
    };
    try {
      const args = ['serve', '--json', '--port', '0', '--receiver-port', '0', '--data-dir', dir];
      expect(await runCli(args, io)).toBe(0);
      expect(statuses).toEqual([401, 200, 401, 200]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
