/**
 * Failed requests are logged to stderr by default, one line each and rate-limited (issue 18): a decode
 * failure or a 500 of the receiver, and a 500 of the page, are not swallowed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequestErrorLog } from '../../src/http/error-log.ts';
import { startOtlpReceiver } from '../../src/inspect/ingest/otlp-receiver.ts';
import { startWebServer } from '../../src/inspect/server/web-server.ts';
import { StoreSource } from '../../src/inspect/sources/store-source.ts';
import { SpanStore } from '../../src/inspect/store/store.ts';
import { demoConversation } from './fixtures.ts';
import { toOtlpJson } from './otlp-encode.ts';

const JSON_TYPE = { 'content-type': 'application/json' };

function capture(): { lines: string[]; log: RequestErrorLog } {
  const lines: string[] = [];
  return { lines, log: new RequestErrorLog({ prefix: 'test', write: (l) => lines.push(l), maxLines: 3 }) };
}

describe('request error log', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    for (const c of closers.splice(0)) await c();
  });

  it('the receiver writes one stderr line per decode failure by default', async () => {
    const written: string[] = [];
    const real = process.stderr.write.bind(process.stderr);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return real(chunk);
    });
    const receiver = await startOtlpReceiver({ port: 0, onSpans: async () => 0 });
    closers.push(() => receiver.close());
    const res = await fetch(receiver.tracesUrl, {
      method: 'POST',
      headers: JSON_TYPE,
      body: '{"resourceSpans": [',
    });
    expect(res.status).toBe(400);
    const lines = written.filter((l) => l.startsWith('convtrace receiver: '));
    expect(lines).toEqual([
      expect.stringMatching(/^convtrace receiver: 400 POST \/v1\/traces: .*not valid JSON\n$/),
    ]);
  });

  it('a store failure (500) is logged with its cause', async () => {
    const { lines, log } = capture();
    const receiver = await startOtlpReceiver({
      port: 0,
      errorLog: log,
      onSpans: async () => {
        throw new Error('database or disk is full');
      },
    });
    closers.push(() => receiver.close());
    const body = JSON.stringify(toOtlpJson(demoConversation()));
    expect((await fetch(receiver.tracesUrl, { method: 'POST', headers: JSON_TYPE, body })).status).toBe(500);
    expect(lines).toEqual(['test: 500 POST /v1/traces: could not store spans: database or disk is full\n']);
  });

  it('the page logs a 500 (its store went away)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'convtrace-errlog-'));
    const store = await SpanStore.open({ dataDir: dir, fsync: false });
    store.close();
    const { lines, log } = capture();
    const web = await startWebServer({ source: new StoreSource(store), port: 0, errorLog: log });
    closers.push(async () => {
      await web.close();
      await rm(dir, { recursive: true, force: true });
    });
    expect((await fetch(`${web.url}api/conversations`)).status).toBe(500);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^test: 500 GET \/api\/conversations: \S/);
  });

  it('is rate-limited: at most maxLines a window, the rest counted and reported with the next line', () => {
    const { lines, log } = capture();
    const req = new Request('http://127.0.0.1/v1/traces', { method: 'POST' });
    for (let i = 0; i < 10; i++) log.log(req, 400, `bad ${i}\nsecond line`, 1000 + i);
    expect(lines).toEqual([
      'test: 400 POST /v1/traces: bad 0 second line\n',
      'test: 400 POST /v1/traces: bad 1 second line\n',
      'test: 400 POST /v1/traces: bad 2 second line\n',
    ]);
    log.log(req, 500, 'later', 1000 + 60_000);
    expect(lines.slice(3)).toEqual([
      'test: 7 more failed requests not shown (rate limit)\n',
      'test: 500 POST /v1/traces: later\n',
    ]);
  });
});
