import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { getRunBaggageAttributes } from '../../src/conversation/baggage.ts';
import { agentRun } from '../../src/run/agent-run.ts';
import { captureSpans, FunctionModel, TestModel } from '../../src/testing/index.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());
beforeEach(() => capture.reset());

const IDS = ['gen_ai.agent.name', 'gen_ai.agent.call.id', 'gen_ai.conversation.id'] as const;
const idsOf = (s: ReadableSpan) => IDS.map((k) => s.attributes[k]);

function weatherAgent() {
  return new Agent({
    name: 'weather',
    model: new TestModel(),
    tools: [
      tool({
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: z.object({ city: z.string() }),
        execute: ({ city }) => {
          // A span made with the plain API inside a tool, like any other library would.
          trace.getTracer('plain').startSpan('plain-child').end();
          return `sunny in ${city}`;
        },
      }),
      tool({ name: 'get_time', parameters: z.object({}), execute: () => '12:00' }),
    ],
  });
}

describe('spans and baggage', () => {
  it('one run with two tool calls: invoke_agent, chat, execute_tool spans all carry the three ids', async () => {
    const result = await weatherAgent().run('weather?', { conversationId: 'conv-spans' });
    const spans = capture.spans();
    const names = spans.map((s) => s.name).sort();
    expect(names).toEqual(
      [
        'chat test',
        'chat test',
        'execute_tool get_time',
        'execute_tool get_weather',
        'invoke_agent weather',
        'plain-child',
      ].sort(),
    );
    for (const s of spans) expect(idsOf(s)).toEqual(['weather', result.runId, 'conv-spans']);

    const root = capture.spansNamed('invoke_agent weather')[0]!;
    expect(root.kind).toBe(SpanKind.INTERNAL);
    expect(root.attributes['gen_ai.operation.name']).toBe('invoke_agent');
    const chat = capture.spansNamed('chat test')[0]!;
    expect(chat.kind).toBe(SpanKind.CLIENT);
    expect(chat.attributes['gen_ai.operation.name']).toBe('chat');
    expect(chat.attributes['gen_ai.provider.name']).toBe('test');
    expect(chat.attributes['gen_ai.request.model']).toBe('test');
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    const toolSpan = capture.spansNamed('execute_tool get_weather')[0]!;
    expect(toolSpan.kind).toBe(SpanKind.INTERNAL);
    expect(toolSpan.attributes['gen_ai.tool.name']).toBe('get_weather');
    expect(toolSpan.attributes['gen_ai.tool.call.id']).toMatch(/get_weather/);
    // Every span is in the run's trace, under the invoke_agent span.
    for (const s of spans) expect(s.spanContext().traceId).toBe(root.spanContext().traceId);
    expect(chat.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
  });

  it('a second run on the first history: same gen_ai.conversation.id, different gen_ai.agent.call.id', async () => {
    const a = weatherAgent();
    const first = await a.run('one');
    const second = await a.run('two', { messageHistory: first.allMessages() });
    const roots = capture.spansNamed('invoke_agent weather');
    expect(roots.map((s) => s.attributes['gen_ai.conversation.id'])).toEqual([
      first.conversationId,
      first.conversationId,
    ]);
    expect(roots.map((s) => s.attributes['gen_ai.agent.call.id'])).toEqual([first.runId, second.runId]);
    expect(first.runId).not.toBe(second.runId);
  });

  it('no content is recorded by default: no prompt or tool argument text on any span', async () => {
    await weatherAgent().run('SECRET-PROMPT-TEXT');
    for (const s of capture.spans()) {
      expect(JSON.stringify(s.attributes)).not.toContain('SECRET-PROMPT-TEXT');
      expect(s.attributes['gen_ai.input.messages']).toBeUndefined();
      expect(s.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    }
  });

  it('with captureMessageContent the chat span has GenAI input/output messages and the tool its arguments', async () => {
    const a = new Agent({
      model: new TestModel(),
      instructions: 'Be brief.',
      captureMessageContent: true,
      tools: [tool({ name: 'echo', parameters: z.object({ s: z.string() }), execute: ({ s }) => s })],
    });
    await a.run('PROMPT-TEXT');
    const chat = capture.spansNamed('chat test')[0]!;
    const input = JSON.parse(String(chat.attributes['gen_ai.input.messages']));
    expect(input).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'PROMPT-TEXT' }] }]);
    expect(JSON.parse(String(chat.attributes['gen_ai.system_instructions']))).toEqual([
      { type: 'text', content: 'Be brief.' },
    ]);
    const output = JSON.parse(String(chat.attributes['gen_ai.output.messages']));
    expect(output[0].parts[0]).toMatchObject({ type: 'tool_call', name: 'echo', arguments: { s: 'a' } });
    expect(capture.spansNamed('execute_tool echo')[0]!.attributes['gen_ai.tool.call.arguments']).toBe(
      '{"s":"a"}',
    );
  });

  it('agentRun wraps any loop: baggage is set inside, gone outside; exceptions are recorded', async () => {
    const inside = await agentRun({ agentName: 'own-loop', conversationId: 'c-own' }, (run) => ({
      run,
      baggage: getRunBaggageAttributes(),
    }));
    expect(inside.baggage).toEqual({
      'gen_ai.agent.name': 'own-loop',
      'gen_ai.agent.call.id': inside.run.runId,
      'gen_ai.conversation.id': 'c-own',
    });
    expect(getRunBaggageAttributes()).toEqual({});
    await expect(
      agentRun({ agentName: 'failing' }, () => {
        throw new TypeError('boom');
      }),
    ).rejects.toThrow('boom');
    const failed = capture.spansNamed('invoke_agent failing')[0]!;
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.attributes['error.type']).toBe('TypeError');
    expect(failed.events.some((e) => e.name === 'exception')).toBe(true);
  });

  it('a nested run shadows the outer ids for its own subtree only', async () => {
    await agentRun({ agentName: 'outer', conversationId: 'c-outer' }, async () => {
      await agentRun({ agentName: 'inner', conversationId: 'c-inner' }, () => {
        trace.getTracer('t').startSpan('in-inner').end();
      });
      trace.getTracer('t').startSpan('in-outer').end();
    });
    expect(capture.spansNamed('in-inner')[0]!.attributes['gen_ai.conversation.id']).toBe('c-inner');
    expect(capture.spansNamed('in-outer')[0]!.attributes['gen_ai.conversation.id']).toBe('c-outer');
  });

  it('baggage is written only while the run span records (unsampled runs add nothing)', async () => {
    const parent = (traceFlags: number) =>
      trace.setSpanContext(context.active(), {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags,
        isRemote: true,
      });
    const runIn = (ctx: ReturnType<typeof parent>) =>
      context.with(ctx, () =>
        agentRun({ agentName: 'x' }, (run) => ({
          recording: run.span.isRecording(),
          name: propagation.getBaggage(context.active())?.getEntry('gen_ai.agent.name')?.value,
        })),
      );
    // The default sampler is parent-based: an unsampled caller means a non-recording run span.
    expect(await runIn(parent(0))).toEqual({ recording: false, name: undefined });
    expect(await runIn(parent(1))).toEqual({ recording: true, name: 'x' });
  });

  it('a model call outside any run has no conversation attribute (no fabricated ids)', async () => {
    const model = new FunctionModel(() => 'plain');
    const { callModel } = await import('../../src/agent/model-call.ts');
    await callModel(model, [], undefined, { tools: [] }, { stream: false, captureContent: false });
    const chat = capture.spansNamed('chat function')[0]!;
    expect(chat.attributes['gen_ai.conversation.id']).toBeUndefined();
  });
});

describe('convtrace/testing trace checks', () => {
  it('checkAgentTrace passes for a real run and catches a span that lost its ids', async () => {
    const { checkAgentTrace, conversationsOf } = await import('../../src/testing/index.ts');
    const a = weatherAgent();
    const first = await a.run('one');
    await a.run('two', { messageHistory: first.allMessages() });
    expect(checkAgentTrace(capture.spans())).toEqual([]);
    expect([...conversationsOf(capture.spans()).values()][0]).toHaveLength(2);

    const tampered = capture.spans().map((s) =>
      s.name === 'chat test'
        ? ({
            ...s,
            name: s.name,
            spanContext: () => s.spanContext(),
            parentSpanContext: s.parentSpanContext,
            attributes: { ...s.attributes, 'gen_ai.conversation.id': 'wrong' },
          } as typeof s)
        : s,
    );
    const problems = checkAgentTrace(tampered);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.problem).toContain('gen_ai.conversation.id is wrong');
  });
});

describe('history links for conversation views', () => {
  it('invoke_agent spans name the run and conversation the history continues; a fork shows both ids', async () => {
    const a = weatherAgent();
    const first = await a.run('one');
    const second = await a.run('two', { messageHistory: first.allMessages() });
    const fork = await a.run('fork', { messageHistory: first.allMessages(), conversationId: 'new' });
    const root = (runId: string) =>
      capture.spansNamed('invoke_agent weather').find((s) => s.attributes['gen_ai.agent.call.id'] === runId)!;
    expect(root(first.runId).attributes['convtrace.history.run_id']).toBeUndefined();
    expect(root(second.runId).attributes['convtrace.history.run_id']).toBe(first.runId);
    expect(root(second.runId).attributes['convtrace.history.conversation_id']).toBe(first.conversationId);
    expect(root(fork.runId).attributes['convtrace.history.conversation_id']).toBe(first.conversationId);
    expect(root(fork.runId).attributes['gen_ai.conversation.id']).toBe(fork.conversationId);
  });
});
