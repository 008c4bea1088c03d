/**
 * Turns you can walk in plain Jaeger: a 4-turn conversation with a fork after turn 2, exported to the
 * real Jaeger. Following each `invoke_agent` span's reference (the span link to the previous turn)
 * through Jaeger's own API reaches turn 1; turn indexes are 1, 2, 3, 4 and 3 for the fork.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Agent,
  NEW_CONVERSATION,
  parseMessages,
  type RunResult,
  setupTracing,
  type TracingHandle,
} from '../../src/index.ts';
import { TestModel } from '../../src/testing/index.ts';
import { assertBinaries, shouldRunPipelineTests } from '../support/binaries.ts';
import { type JaegerHandle, startJaeger } from '../support/pipeline.ts';
import { eventually, JaegerApi, type JaegerSpan, tagValue } from './support/jaeger-api.ts';

const APP = 'e2e-turn-links';

describe.runIf(shouldRunPipelineTests())('turn links in Jaeger', () => {
  let jaeger: JaegerHandle;
  let tracing: TracingHandle;
  let api: JaegerApi;
  const turns: RunResult[] = [];
  let fork: RunResult;

  beforeAll(async () => {
    assertBinaries();
    jaeger = await startJaeger();
    api = new JaegerApi(jaeger.queryUrl);
    tracing = setupTracing({ serviceName: APP, endpoint: jaeger.otlpHttpTracesUrl, simpleExport: true });
    const agent = new Agent({ name: 'walker', model: new TestModel() });
    let history: ReturnType<RunResult['allMessages']> = [];
    for (let i = 0; i < 4; i++) {
      const r = await agent.run(`turn ${i + 1}`, { messageHistory: history });
      history = parseMessages(JSON.stringify(r.allMessages()));
      turns.push(r);
    }
    fork = await agent.run('fork', {
      messageHistory: parseMessages(JSON.stringify(turns[1]!.allMessages())),
      conversationId: NEW_CONVERSATION,
    });
    await tracing.forceFlush();
  });

  afterAll(async () => {
    await tracing?.shutdown();
    await jaeger?.stop();
  });

  /** The `invoke_agent` span of a trace, read back from Jaeger. */
  async function runSpan(traceId: string): Promise<JaegerSpan> {
    const found = await eventually(
      () => api.getTrace(traceId),
      (t) => t?.trace.spans.some((s) => s.operationName === 'invoke_agent walker') === true,
      { what: `trace ${traceId} in Jaeger` },
    );
    return found!.trace.spans.find((s) => s.operationName === 'invoke_agent walker')!;
  }

  it('walks from the last turn back to turn 1 through span references alone', async () => {
    const last = await eventually(
      async () =>
        (await api.findTraces({ service: APP, tags: { 'gen_ai.agent.call.id': turns[3]!.runId } })).traces,
      (t) => t.length === 1,
      { what: 'the last turn' },
    );
    let span = last[0]!.spans.find((s) => s.operationName === 'invoke_agent walker')!;
    const walked: string[] = [];
    for (;;) {
      walked.push(tagValue(span, 'convtrace.turn.index')!);
      // Jaeger shows a span link as a FOLLOWS_FROM reference (the parent is CHILD_OF).
      const previous = span.references.find((r) => r.refType === 'FOLLOWS_FROM');
      if (!previous) break;
      const next = await runSpan(previous.traceID);
      expect(next.spanID).toBe(previous.spanID);
      span = next;
    }
    expect(walked).toEqual(['4', '3', '2', '1']);
    expect(tagValue(span, 'gen_ai.agent.call.id')).toBe(turns[0]!.runId);
  });

  it('the fork is turn 3 of its own conversation and links to turn 2', async () => {
    const found = await eventually(
      async () =>
        (await api.findTraces({ service: APP, tags: { 'gen_ai.agent.call.id': fork.runId } })).traces,
      (t) => t.length === 1,
      { what: 'the fork' },
    );
    const span = found[0]!.spans.find((s) => s.operationName === 'invoke_agent walker')!;
    expect(tagValue(span, 'convtrace.turn.index')).toBe('3');
    expect(tagValue(span, 'gen_ai.conversation.id')).toBe(fork.conversationId);
    const ref = span.references.find((r) => r.refType === 'FOLLOWS_FROM')!;
    const turnTwo = await runSpan(ref.traceID);
    expect(tagValue(turnTwo, 'gen_ai.agent.call.id')).toBe(turns[1]!.runId);
  });
});
