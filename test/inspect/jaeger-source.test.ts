import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/errors.ts';
import { runCli } from '../../src/inspect/cli.ts';
import { startInspector } from '../../src/inspect/inspector.ts';
import type { ConversationResponse } from '../../src/inspect/model/api-types.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { SpanSourceError } from '../../src/inspect/sources/errors.ts';
import { JaegerSource } from '../../src/inspect/sources/jaeger-source.ts';
import { DEMO, demoConversation, T0, turnSpans } from './fixtures.ts';
import { toOtlpJson } from './otlp-encode.ts';

interface FakeOptions {
  /** Jaeger ≥ 2.19 filters api_v3 searches by query.attributes; older releases ignore the parameter. */
  v3Attributes: boolean;
  spans: SpanRecord[];
  failWith?: number;
}

/**
 * A stand-in for Jaeger's query service speaking api_v3's recorded shapes: required time range (400
 * otherwise), 404 "No traces found" for an empty result, OTLP-JSON `{result:{resourceSpans}}`, plus the
 * legacy `/api/traces` search returning `{data:[{traceID,...}]}`.
 */
async function fakeJaeger(opts: FakeOptions): Promise<{ url: string; requests: URL[]; server: Server }> {
  const requests: URL[] = [];
  const byTrace = new Map<string, SpanRecord[]>();
  for (const s of opts.spans) byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), s]);
  const json = (res: import('node:http').ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const notFound = { error: { httpCode: 404, message: 'No traces found' } };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url);
    if (opts.failWith)
      return json(res, opts.failWith, { error: { httpCode: opts.failWith, message: 'storage down' } });
    const q = url.searchParams;
    if (url.pathname === '/api/v3/services') {
      return json(res, 200, { services: [...new Set(opts.spans.map((s) => s.serviceName))] });
    }
    if (url.pathname === '/api/v3/traces') {
      const min = q.get('query.start_time_min') ?? q.get('query.startTimeMin');
      const max = q.get('query.start_time_max') ?? q.get('query.startTimeMax');
      if (!min || !max) {
        return json(res, 400, {
          error: { httpCode: 400, message: 'query.start_time_min and query.start_time_max are required' },
        });
      }
      const svc = q.get('query.service_name') ?? q.get('query.serviceName');
      const attrs = JSON.parse(q.get('query.attributes') ?? '{}') as Record<string, string>;
      const [from, to] = [Date.parse(min), Date.parse(max)];
      const depth = Number(q.get('query.num_traces') ?? 100);
      // Traces with a matching span starting in the window; like Jaeger, at most num_traces of them.
      const hits = [...byTrace.values()]
        .filter((trace) =>
          trace.some(
            (s) =>
              (!svc || s.serviceName === svc) &&
              startMs(s) >= from &&
              startMs(s) <= to &&
              (!opts.v3Attributes || Object.entries(attrs).every(([k, v]) => s.attributes[k] === v)),
          ),
        )
        .slice(0, depth);
      if (hits.length === 0) return json(res, 404, notFound);
      return json(res, 200, { result: toOtlpJson(hits.flat()) });
    }
    const one = /^\/api\/v3\/traces\/([0-9a-f]+)$/.exec(url.pathname);
    if (one) {
      const trace = byTrace.get(one[1]!);
      return trace ? json(res, 200, { result: toOtlpJson(trace) }) : json(res, 404, notFound);
    }
    if (url.pathname === '/api/traces') {
      const tags = JSON.parse(q.get('tags') ?? '{}') as Record<string, string>;
      const hits = [...byTrace.entries()].filter(([, trace]) =>
        trace.some(
          (s) =>
            s.serviceName === q.get('service') &&
            Object.entries(tags).every(([k, v]) => s.attributes[k] === v),
        ),
      );
      return json(res, 200, {
        data: hits.map(([traceID]) => ({ traceID, spans: [], processes: {} })),
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      });
    }
    json(res, 404, { error: { httpCode: 404, message: 'not found' } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, server };
}

const startMs = (s: SpanRecord) => Number(BigInt(s.startTimeUnixNano) / 1_000_000n);

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

async function start(opts: FakeOptions) {
  const fake = await fakeJaeger(opts);
  servers.push(fake.server);
  return fake;
}

// Fixture spans shifted to the last hour, inside the default lookback.
function recentSpans(): SpanRecord[] {
  const delta = BigInt(Date.now() - 3_600_000 - Date.UTC(2026, 10, 22, 10)) * 1_000_000n;
  return demoConversation().map((s) => ({
    ...s,
    startTimeUnixNano: String(BigInt(s.startTimeUnixNano) + delta),
    endTimeUnixNano: String(BigInt(s.endTimeUnixNano) + delta),
  }));
}

describe('Jaeger api_v3 source', () => {
  it('searches each service with a time range and query.attributes, raw, and assembles the conversation', async () => {
    const spans = recentSpans();
    const fake = await start({ v3Attributes: true, spans });
    const source = new JaegerSource({ url: `${fake.url}/`, lookbackMs: 3 * 3_600_000 });
    const got = await source.conversationSpans(DEMO.conv);
    expect(assembleConversation(got, DEMO.conv)).toEqual(assembleConversation(spans, DEMO.conv));
    const searches = fake.requests.filter((r) => r.pathname === '/api/v3/traces');
    expect(searches.length).toBeGreaterThan(0);
    for (const r of searches) {
      const min = Date.parse(r.searchParams.get('query.start_time_min')!);
      const max = Date.parse(r.searchParams.get('query.start_time_max')!);
      expect(max - min).toBeGreaterThanOrEqual(3 * 3_600_000);
      expect(r.searchParams.get('query.raw_traces')).toBe('true');
      expect(r.searchParams.get('query.service_name')).toMatch(/^(agent-app|weather-svc)$/);
    }
    expect(fake.requests.some((r) => r.pathname === '/api/traces')).toBe(false);
    expect(source.traceUrl('abc')).toBe(`${fake.url}/trace/abc`);
  });

  it('falls back to the legacy tag search when api_v3 ignores query.attributes (Jaeger < 2.19)', async () => {
    const spans = recentSpans();
    const fake = await start({ v3Attributes: false, spans });
    const source = new JaegerSource({ url: fake.url });
    const got = await source.conversationSpans(DEMO.conv);
    expect(assembleConversation(got, DEMO.conv)).toEqual(assembleConversation(spans, DEMO.conv));
    expect(new Set(got.map((s) => s.traceId)).size).toBe(5); // 4 turns + the fork's trace, nothing else
    expect(
      fake.requests.some(
        (r) => r.pathname === '/api/traces' && r.searchParams.get('tags')?.includes(DEMO.conv),
      ),
    ).toBe(true);
    expect(fake.requests.some((r) => /^\/api\/v3\/traces\/[0-9a-f]{32}$/.test(r.pathname))).toBe(true);
  });

  it('reads 404 "No traces found" as empty', async () => {
    const fake = await start({ v3Attributes: true, spans: recentSpans() });
    const source = new JaegerSource({ url: fake.url });
    expect(await source.conversationSpans('missing')).toEqual([]);
    const empty = await start({ v3Attributes: true, spans: [] });
    expect(await new JaegerSource({ url: empty.url }).recentSpans()).toEqual([]);
  });

  it('lists recent conversation traces from every service', async () => {
    const spans = recentSpans();
    const fake = await start({ v3Attributes: true, spans });
    const got = await new JaegerSource({ url: fake.url }).recentSpans();
    expect(got).toHaveLength(spans.length);
  });

  it('reports backend errors and unreachable Jaeger as SpanSourceError', async () => {
    const fake = await start({ v3Attributes: true, spans: [], failWith: 503 });
    const err = await new JaegerSource({ url: fake.url }).recentSpans().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpanSourceError);
    expect((err as SpanSourceError).status).toBe(503);
    expect((err as Error).message).toContain('storage down');
    const closed = await start({ v3Attributes: true, spans: [] });
    await new Promise((r) => closed.server.close(r));
    servers.pop();
    const down = await new JaegerSource({ url: closed.url, timeoutMs: 2000 })
      .recentSpans()
      .catch((e: unknown) => e);
    expect(down).toBeInstanceOf(SpanSourceError);
    expect((down as SpanSourceError).status).toBeUndefined();
    expect((down as Error).message).toMatch(/cannot reach Jaeger/);
  });

  it('rejects a bad --jaeger URL with a typed error naming the option', () => {
    expect(() => new JaegerSource({ url: 'not a url' })).toThrow(InvalidArgumentError);
    expect(() => new JaegerSource({ url: 'file:///etc/passwd' })).toThrow(/jaeger/);
  });
});

/** `n` one-turn conversations or turns, their traces `gapMs` apart, ending a minute ago. */
function manyTurns(n: number, gapMs: number, conversationId?: (i: number) => string): SpanRecord[] {
  const base = Date.now() - 60_000 - n * gapMs - T0;
  return Array.from({ length: n }, (_, i) =>
    turnSpans({ conversationId: conversationId?.(i) ?? 'c-long', runId: `r-${i}`, at: base + i * gapMs }),
  ).flat();
}

describe('Jaeger source without silent truncation', () => {
  it('pages through time windows until a 600-turn conversation is complete (search depth 50)', async () => {
    const fake = await start({ v3Attributes: true, spans: manyTurns(600, 2000) });
    const source = new JaegerSource({ url: fake.url, searchDepth: 50 });
    const { spans, warnings } = await source.readConversation('c-long');
    expect(warnings).toEqual([]);
    expect(assembleConversation(spans, 'c-long')!.turns).toHaveLength(600);
    expect(fake.requests.filter((r) => r.pathname === '/api/v3/traces').length).toBeGreaterThan(12);
  });

  it('warns with the numbers when a window cannot be split below the cap', async () => {
    // Eight turns started in the same second: a 1 s window still returns the depth (5).
    const fake = await start({ v3Attributes: true, spans: manyTurns(8, 10) });
    const { spans, warnings } = await new JaegerSource({ url: fake.url, searchDepth: 5 }).readConversation(
      'c-long',
    );
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(5);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings[0]).toMatch(/returned 5 traces \(the search depth, 5\).*--search-depth/);
  });

  it('lists every conversation past the search depth; a spent list budget is a warning, not a silent cut', async () => {
    const spans = manyTurns(51, 1500, (i) => `conv-${i}`);
    const fake = await start({ v3Attributes: true, spans });
    const page = await new JaegerSource({ url: fake.url, searchDepth: 10 }).listConversations({ limit: 100 });
    expect(page.total).toBe(51);
    expect(page.warnings).toEqual([]);
    const capped = await new JaegerSource({
      url: fake.url,
      searchDepth: 10,
      maxListTraces: 20,
    }).listConversations();
    expect(capped.total).toBeLessThan(51);
    expect(capped.warnings.join('\n')).toMatch(/stopped after 20 traces/);
  });

  it('a URL that does not answer like Jaeger is an error naming it (CLI exit 1)', async () => {
    const other = createServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    servers.push(other);
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const err = await new JaegerSource({ url }).listConversations().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpanSourceError);
    expect((err as Error).message).toContain(`${url} does not answer like Jaeger's query API`);
    let stderr = '';
    const code = await runCli(['conversations', '--jaeger', url], {
      stdout: () => {},
      stderr: (t) => {
        stderr += t;
      },
      env: {},
      isTTY: false,
    });
    expect(code).toBe(1);
    expect(stderr).toContain(url);
  });

  it('honours --jaeger-ui for the page links, and --lookback / --search-depth on the CLI', async () => {
    const fake = await start({ v3Attributes: true, spans: recentSpans() });
    const inspector = await startInspector({
      port: 0,
      jaegerUrl: fake.url,
      jaegerUiUrl: 'http://ui.example:8080',
    });
    try {
      const body = (await (
        await fetch(`${inspector.url}api/conversations/${DEMO.conv}`)
      ).json()) as ConversationResponse;
      for (const id of body.conversation.traceIds)
        expect(body.traceUrls[id]).toBe(`http://ui.example:8080/trace/${id}`);
    } finally {
      await inspector.close();
    }
    fake.requests.length = 0;
    const out = { text: '' };
    const io = {
      stdout: (t: string) => {
        out.text += t;
      },
      stderr: () => {},
      env: {},
      isTTY: false,
    };
    expect(
      await runCli(
        ['conversations', '--jaeger', fake.url, '--lookback', '2h', '--search-depth', '7', '--json'],
        io,
      ),
    ).toBe(0);
    const search = fake.requests.find((r) => r.pathname === '/api/v3/traces')!;
    const window =
      Date.parse(search.searchParams.get('query.start_time_max')!) -
      Date.parse(search.searchParams.get('query.start_time_min')!);
    expect(window).toBe(2 * 3_600_000 + 60_000);
    expect(search.searchParams.get('query.num_traces')).toBe('7');
    expect((JSON.parse(out.text) as Array<{ id: string }>).map((r) => r.id)).toContain(DEMO.conv);
  });
});
