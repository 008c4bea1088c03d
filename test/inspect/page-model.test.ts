/** Pure pieces of the page: prices and cost, the turn axis, bar layout, the turn transcript, list filters. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutBars } from '../../src/inspect/display/span-layout.ts';
import { timeTicks } from '../../src/inspect/display/time-axis.ts';
import { summarize } from '../../src/inspect/model/conversation-list.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import { matchesFilter } from '../../src/inspect/model/list-filter.ts';
import { PriceTableError, parsePriceTable } from '../../src/inspect/model/price-file.ts';
import { BUILTIN_PRICES, costOf, findPrice } from '../../src/inspect/model/prices.ts';
import { turnTranscript } from '../../src/inspect/model/turn-transcript.ts';
import { DEMO, demoConversation, span, T0 } from './fixtures.ts';

describe('prices', () => {
  it('matches dated snapshots and provider prefixes to the longest known name', () => {
    expect(findPrice(BUILTIN_PRICES, 'gpt-4o-mini-2024-07-18')).toBe(BUILTIN_PRICES.models['gpt-4o-mini']);
    expect(findPrice(BUILTIN_PRICES, 'gpt-4o-2024-08-06')).toBe(BUILTIN_PRICES.models['gpt-4o']);
    expect(findPrice(BUILTIN_PRICES, 'anthropic/claude-sonnet-4-5-20250929')).toBe(
      BUILTIN_PRICES.models['claude-sonnet-4-5'],
    );
    expect(findPrice(BUILTIN_PRICES, 'my-local-llama')).toBeUndefined();
    expect(BUILTIN_PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('bills cached input at the cached rate and lists models without a price', () => {
    const cost = costOf({
      'gpt-4o': { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 400_000 },
      'mystery-model': { inputTokens: 10, outputTokens: 1, cacheReadTokens: 0 },
    });
    // 600k × $2.50 + 400k × $1.25 + 100k × $10, per million.
    expect(cost.usd).toBeCloseTo(1.5 + 0.5 + 1, 9);
    expect(cost.unpriced).toEqual(['mystery-model']);
  });

  it('reads a price file over the built-in table, and names the bad field', () => {
    const t = parsePriceTable('{"asOf":"2026-01-02","models":{"house-model":{"input":1,"output":2}}}');
    expect(t.asOf).toBe('2026-01-02');
    expect(findPrice(t, 'house-model')).toEqual({ input: 1, output: 2 });
    expect(findPrice(t, 'gpt-4o')).toBe(BUILTIN_PRICES.models['gpt-4o']);
    const bad = (json: string) => {
      try {
        parsePriceTable(json, 'p.json');
      } catch (err) {
        expect(err).toBeInstanceOf(PriceTableError);
        return (err as PriceTableError).field;
      }
      throw new Error('accepted');
    };
    expect(bad('{"asOf":"2026-01-02","models":{"x":{"input":-1,"output":2}}}')).toBe('models.x.input');
    expect(bad('{"asOf":"soon","models":{}}')).toBe('asOf');
    expect(bad('not json')).toBe('file');
  });
});

describe('turn axis ticks', () => {
  it('keeps labels at least the gap apart and inside the track, for any duration and width', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 3.6e6, noNaN: true }),
        fc.integer({ min: 150, max: 4000 }),
        (d, w) => {
          const ticks = timeTicks(d, w, 72);
          expect(ticks[0]!.label).toBe('0');
          for (let i = 1; i < ticks.length; i++)
            expect((ticks[i]!.fraction - ticks[i - 1]!.fraction) * w).toBeGreaterThanOrEqual(72 - 1e-6);
          expect(ticks.at(-1)!.fraction * w + (ticks.length > 1 ? 72 : 0)).toBeLessThanOrEqual(w + 1e-6);
        },
      ),
    );
    expect(timeTicks(1000, 1000, 72).map((t) => t.label)).toEqual([
      '0',
      '+100ms',
      '+200ms',
      '+300ms',
      '+400ms',
      '+500ms',
      '+600ms',
      '+700ms',
      '+800ms',
      '+900ms',
    ]);
  });
});

describe('bar layout', () => {
  type N = { id: string; startMs: number; durationMs: number; children: N[] };
  it('never starts a child left of its parent (clamped and marked), parents before children', () => {
    const leaf: N = { id: 'skewed', startMs: 40, durationMs: 30, children: [] };
    const mid: N = { id: 'client', startMs: 50, durationMs: 40, children: [leaf] };
    const root: N = { id: 'root', startMs: 0, durationMs: 100, children: [mid] };
    const rows = layoutBars([root], 0, 100);
    expect(rows.map((r) => [r.node.id, r.depth, r.start, r.clamped])).toEqual([
      ['root', 0, 0, false],
      ['client', 1, 0.5, false],
      ['skewed', 2, 0.5, true],
    ]);
    expect(rows[2]!.end).toBeCloseTo(0.7, 9);
  });
});

describe('turn transcript and list filter', () => {
  const c = assembleConversation(demoConversation(), DEMO.conv)!;

  it('reads the turn as a chat from the captured messages, none when nothing was captured', () => {
    const chat = turnTranscript(c.turns[0]!)!;
    expect(chat.map((m) => `${m.role}:${m.parts[0]?.content}`)).toEqual([
      'user:What is the weather in Paris?',
      'assistant:Sunny, 21°C.',
    ]);
    const bare = assembleConversation(
      [
        span({
          traceId: 'a'.repeat(32),
          name: 'chat x',
          start: T0,
          end: T0 + 5,
          attributes: {
            'gen_ai.conversation.id': 'bare',
            'gen_ai.agent.call.id': 'r',
            'gen_ai.operation.name': 'chat',
          },
        }),
      ],
      'bare',
    )!;
    expect(turnTranscript(bare.turns[0]!)).toBeUndefined();
  });

  it('applies each filter to a list row', () => {
    const row = summarize(c);
    expect(matchesFilter(row, { agent: 'SUPPORT', service: 'weather-svc', errors: true })).toBe(true);
    expect(matchesFilter(row, { model: 'gpt-4o' })).toBe(true);
    expect(matchesFilter(row, { model: 'gpt-4' })).toBe(false);
    expect(matchesFilter(row, { service: 'billing' })).toBe(false);
    expect(matchesFilter(row, { fromMs: row.endMs + 1 })).toBe(false);
    expect(matchesFilter(row, { toMs: row.startMs - 1 })).toBe(false);
    expect(matchesFilter(row, { id: 'C0A1' })).toBe(true);
  });
});
