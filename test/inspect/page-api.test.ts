/**
 * The page's API beyond the list: the overview (one priced row per turn), one turn with its transcript,
 * list filters (store SQL and the in-memory rule agree), the price table, and server-sent change events.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Inspector, startInspector } from '../../src/inspect/inspector.ts';
import type {
  ListResponse,
  OverviewResponse,
  TranscriptResponse,
  TurnResponse,
} from '../../src/inspect/model/api-types.ts';
import { parsePriceTable } from '../../src/inspect/model/price-file.ts';
import { DEMO, demoConversation, T0, turnSpans } from './fixtures.ts';
import { postOtlpJson } from './otlp-encode.ts';

describe('inspector page API', () => {
  let dir: string;
  let inspector: Inspector;
  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${inspector.url}${path}`);
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'convtrace-page-api-'));
    inspector = await startInspector({
      port: 0,
      receiverPort: 0,
      dataDir: dir,
      // gpt-4o priced by the file; gpt-4o-mini keeps the built-in price.
      prices: parsePriceTable('{"asOf": "2026-11-01", "models": {"gpt-4o": {"input": 1000, "output": 0}}}'),
    });
    const quiet = turnSpans({ conversationId: 'quiet', runId: 'run-q', at: 60_000, agent: 'ops' });
    expect(await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, [...demoConversation(), ...quiet])).toBe(
      200,
    );
  });
  afterAll(async () => {
    await inspector.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers the overview: every turn as a priced row without spans', async () => {
    const { status, body } = await get<OverviewResponse>(`api/conversations/${DEMO.conv}/overview`);
    expect(status).toBe(200);
    expect(body.turns.map((t) => t.runId)).toEqual(DEMO.runs);
    expect(body.turns[0]).not.toHaveProperty('spans');
    expect(body.turns[0]!.prompt).toBe('What is the weather in Paris?');
    expect(body.pricesAsOf).toBe('2026-11-01');
    // Turn 3 ran gpt-4o: (180 + 230) input tokens at the file's $1000 per million.
    expect(body.turns[2]!.cost.usd).toBeCloseTo(0.41, 6);
    const sum = body.turns.reduce((s, t) => s + t.cost.usd, 0);
    expect(body.conversation.cost.usd).toBeCloseTo(sum, 9);
    expect(body.conversation.turnCount).toBe(4);
    expect(body.conversation.services).toEqual(['agent-app', 'weather-svc']);
  });

  it('answers one turn with its spans and its transcript, or the capture hint', async () => {
    const { body } = await get<TurnResponse>(`api/conversations/${DEMO.conv}/turns/1`);
    expect(body.turn.runId).toBe(DEMO.runs[0]);
    expect(body.transcript?.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(body.transcript?.[1]?.parts[0]?.content).toBe('Sunny, 21°C.');
    const quiet = await get<TurnResponse>('api/conversations/quiet/turns/1');
    expect(quiet.body.transcript).toBeNull();
    expect(quiet.body.captureHint).toContain('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true');
    expect((await get(`api/conversations/${DEMO.conv}/turns/9`)).status).toBe(404);
    const last = await get<TurnResponse>(`api/conversations/${DEMO.conv}/turns/last`);
    expect(last.body.turn.runId).toBe(DEMO.runs[3]);
  });

  it('answers the conversation transcript in slices of turns', async () => {
    const { body } = await get<TranscriptResponse>(
      `api/conversations/${DEMO.conv}/transcript?from=2&limit=2`,
    );
    expect(body.total).toBe(4);
    expect(body.turns.map((t) => t.index)).toEqual([2, 3]);
    expect(body.turns[0]?.messages?.map((m) => m.parts[0]?.content)).toEqual(['And tomorrow?', 'Rain.']);
    expect((await get(`api/conversations/${DEMO.conv}/transcript?limit=0`)).status).toBe(400);
  });

  it('filters the list by agent, service, model, errors, time and id', async () => {
    const ids = async (query: string): Promise<string[]> =>
      (await get<ListResponse>(`api/conversations?${query}`)).body.conversations.map((c) => c.id).sort();
    expect(await ids('agent=OPS')).toEqual(['quiet']);
    expect(await ids('service=weather-svc')).toEqual([DEMO.conv]);
    expect(await ids('model=gpt-4o')).toEqual([DEMO.conv]); // gpt-4o-2024-07-18, not gpt-4o-mini
    expect(await ids('model=gpt-4o-mini')).toEqual([DEMO.conv, DEMO.forkConv, 'quiet'].sort());
    expect(await ids('errors=1')).toEqual([DEMO.conv]);
    expect(await ids(`from=${T0 + 50_000}`)).toEqual(['quiet']);
    expect(await ids(`to=${new Date(T0 + 1000).toISOString()}`)).toEqual([DEMO.conv]);
    expect(await ids('id=F0A2')).toEqual([DEMO.forkConv]);
    expect(await ids('agent=support&errors=1&id=c0a1')).toEqual([DEMO.conv]);
    const bad = await get<{ error: string }>('api/conversations?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toContain('from');
    const list = await get<ListResponse>('api/conversations');
    expect(list.body.conversations.find((c) => c.id === DEMO.conv)?.cost?.usd).toBeGreaterThan(0);
  });

  it('pushes a change event naming the conversation when its spans are stored', async () => {
    const controller = new AbortController();
    const res = await fetch(`${inspector.url}api/events`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': connected')) text += (await reader.read()).value ?? '';
    const more = turnSpans({ conversationId: 'quiet', runId: 'run-q2', at: 70_000 });
    expect(await postOtlpJson(`${inspector.receiverUrl}/v1/traces`, more)).toBe(200);
    while (!text.includes('\n\ndata: ') || !text.trimEnd().endsWith('}'))
      text += (await reader.read()).value ?? '';
    const event = JSON.parse(text.slice(text.indexOf('data: ') + 6).split('\n')[0]!) as {
      conversations: string[];
    };
    expect(event.conversations).toEqual(['quiet']);
    controller.abort();
  });
});
