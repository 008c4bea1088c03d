import type { SpanRecord } from '../../src/inspect/model/span-record.ts';
import { ns, turnSpans } from './fixtures.ts';

/** The conversation id of {@link longConversation}. */
export const LONG_CONV = '01937a2e-0000-7000-8000-0000000010ng';

/** Turn whose downstream server span starts before its parent (clock skew between services). */
export const SKEWED_TURN = 500;

/** Prompt and answer of turn `i` (1-based). */
export function longTurnText(i: number): { prompt: string; answer: string } {
  return {
    prompt: `Question ${i}: what is the weather in city ${i}?`,
    answer: `Answer ${i}: sunny in city ${i}.`,
  };
}

/**
 * `turns` turns, 20 s apart, with captured prompts and answers: odd turns call a tool that calls a
 * downstream service, even turns call the model only. In turn {@link SKEWED_TURN} the downstream server
 * span starts 30 ms before its client parent, as a skewed clock in another service would record it.
 */
export function longConversation(turns: number, conversationId = LONG_CONV): SpanRecord[] {
  const spans: SpanRecord[] = [];
  for (let i = 1; i <= turns; i++) {
    const turn = turnSpans({
      conversationId,
      runId: `01937a2e-${String(i).padStart(4, '0')}-7000-8000-00000000l0ng`,
      at: i * 20_000,
      ...longTurnText(i),
      tools: i % 2 === 1 || i === SKEWED_TURN ? [{ name: 'get_weather', downstream: true }] : [],
      model: i % 3 === 0 ? 'gpt-4o' : 'gpt-4o-mini',
      tokens: [100 + i, 20 + (i % 7)],
    });
    if (i === SKEWED_TURN) {
      const server = turn.find((s) => s.kind === 'server')!;
      const client = turn.find((s) => s.spanId === server.parentSpanId)!;
      const clientStartMs = Number(BigInt(client.startTimeUnixNano) / 1_000_000n);
      server.startTimeUnixNano = ns(clientStartMs - 30);
    }
    spans.push(...turn);
  }
  return spans;
}
