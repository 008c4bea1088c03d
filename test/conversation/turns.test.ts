import { afterAll, describe, expect, it } from 'vitest';
import { previousTurnOf, TURN_METADATA_KEY, turnIndexOf } from '../../src/conversation/turns.ts';
import { Agent, NEW_CONVERSATION, parseMessages, type RunResult } from '../../src/index.ts';
import { captureSpans, TestModel } from '../../src/testing/index.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());

describe('walkable turns', () => {
  it('numbers turns 1..4 (a fork after turn 2 is turn 3) and links each run to the previous turn', async () => {
    const agent = new Agent({ name: 'walker', model: new TestModel() });
    const turns: RunResult[] = [];
    let history = [] as ReturnType<RunResult['allMessages']>;
    for (let i = 0; i < 4; i++) {
      const r = await agent.run(`turn ${i + 1}`, { messageHistory: history });
      // Persisted and reloaded between turns, as an app would.
      history = parseMessages(JSON.stringify(r.allMessages()));
      turns.push(r);
    }
    const afterTwo = parseMessages(JSON.stringify(turns[1]!.allMessages()));
    const fork = await agent.run('fork', { messageHistory: afterTwo, conversationId: NEW_CONVERSATION });

    const runs = capture.spansNamed('invoke_agent walker');
    const byRun = new Map(runs.map((s) => [String(s.attributes['gen_ai.agent.call.id']), s]));
    const indexes = turns.map((t) => byRun.get(t.runId)!.attributes['convtrace.turn.index']);
    expect(indexes).toEqual([1, 2, 3, 4]);
    const forkSpan = byRun.get(fork.runId)!;
    expect(forkSpan.attributes['convtrace.turn.index']).toBe(3);

    // Each turn's run span links to the previous turn's run span (turn 1 has none).
    expect(byRun.get(turns[0]!.runId)!.links).toEqual([]);
    for (let i = 1; i < 4; i++) {
      const [link] = byRun.get(turns[i]!.runId)!.links;
      const previous = byRun.get(turns[i - 1]!.runId)!.spanContext();
      expect(link?.context.traceId).toBe(previous.traceId);
      expect(link?.context.spanId).toBe(previous.spanId);
      expect(link?.attributes?.['convtrace.link.type']).toBe('previous_turn');
    }
    // The fork links to the turn it forked at.
    expect(forkSpan.links[0]?.context.spanId).toBe(byRun.get(turns[1]!.runId)!.spanContext().spanId);
  });

  it('keeps the turn metadata on every message a run produced, through JSON', async () => {
    const agent = new Agent({ name: 'meta', model: new TestModel() });
    const r = await agent.run('hello');
    const reloaded = parseMessages(JSON.stringify(r.allMessages()));
    for (const m of reloaded) {
      const turn = (m.metadata as Record<string, { traceparent: string; index: number }>)[TURN_METADATA_KEY];
      expect(turn?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(turn?.index).toBe(1);
    }
    expect(previousTurnOf(reloaded)?.spanId).toBe(
      capture.spansNamed('invoke_agent meta')[0]!.spanContext().spanId,
    );
  });

  it('counts distinct run ids; ignores malformed turn metadata instead of failing the run', () => {
    expect(turnIndexOf([])).toBe(1);
    const history = parseMessages(
      JSON.stringify([
        {
          kind: 'request',
          parts: [],
          run_id: 'a',
          metadata: { [TURN_METADATA_KEY]: { traceparent: 'garbage' } },
        },
        { kind: 'response', parts: [], run_id: 'a', metadata: { [TURN_METADATA_KEY]: 42 } },
        { kind: 'request', parts: [], run_id: 'b', metadata: null },
      ]),
    );
    expect(turnIndexOf(history)).toBe(3);
    expect(previousTurnOf(history)).toBeUndefined();
  });
});
