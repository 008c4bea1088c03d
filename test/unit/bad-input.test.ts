import { type Baggage, context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/sdk-trace';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { MAX_BAGGAGE_VALUE_LENGTH, withRunBaggage } from '../../src/conversation/baggage.ts';
import { RunBaggageSpanProcessor } from '../../src/conversation/span-processor.ts';
import {
  InvalidArgumentError,
  MessageValidationError,
  UnexpectedModelBehaviorError,
  UsageLimitExceededError,
} from '../../src/errors.ts';
import { parseMessages } from '../../src/messages/parse.ts';
import { installTracing } from '../../src/otel/install.ts';
import { agentRun } from '../../src/run/agent-run.ts';
import { FunctionModel, TestModel } from '../../src/testing/index.ts';

const agent = () => new Agent({ model: new TestModel() });

describe('bad input gets typed errors, never a crash', () => {
  it('a 1 MB conversation id is rejected with an error naming the field', async () => {
    const huge = 'x'.repeat(1024 * 1024);
    const err = await agent()
      .run('hi', { conversationId: huge })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe('conversationId');
    expect(() => agent().runStream('hi', { conversationId: huge })).toThrow(InvalidArgumentError);
  });

  it('a 1 MB conversation id arriving through the history is rejected naming messageHistory', async () => {
    const history = parseMessages([{ kind: 'request', parts: [], conversation_id: 'y'.repeat(1024 * 1024) }]);
    await expect(agent().run('hi', { messageHistory: history })).rejects.toMatchObject({
      field: 'messageHistory',
    });
  });

  it('malformed history JSON and wrongly typed parts are MessageValidationErrors with a path', () => {
    expect(() => parseMessages('not json')).toThrow(MessageValidationError);
    expect(() =>
      parseMessages([{ kind: 'request', parts: [{ part_kind: 'user-prompt', content: 5 }] }]),
    ).toThrow(/\[0\]\.parts\[0\]\.content/);
  });

  it('non-array history, bad agent names and tools are typed errors', async () => {
    await expect(agent().run('hi', { messageHistory: 'oops' as never })).rejects.toMatchObject({
      field: 'messageHistory',
    });
    await expect(agentRun({ agentName: '' }, () => 1)).rejects.toMatchObject({ field: 'agentName' });
    expect(() => tool({ name: 'bad name!', parameters: z.object({}), execute: () => 1 })).toThrow(
      InvalidArgumentError,
    );
    expect(() => new Agent({ model: {} as never })).toThrow(InvalidArgumentError);
    await expect(agent().run(undefined)).rejects.toMatchObject({ field: 'prompt' });
  });

  it('baggage values are capped even when the caller builds the baggage itself', () => {
    const ctx = withRunBaggage(ROOT_CONTEXT, {
      agentName: 'a'.repeat(5000),
      runId: 'r',
      conversationId: 'c',
    });
    expect(propagation.getBaggage(ctx)?.getEntry('gen_ai.agent.name')?.value).toHaveLength(
      MAX_BAGGAGE_VALUE_LENGTH,
    );
  });

  it('an oversized baggage value from another process is capped when copied onto spans', () => {
    const set: Record<string, unknown> = {};
    const span = { setAttribute: (k: string, v: unknown) => (set[k] = v) } as unknown as Span;
    const bag = propagation.createBaggage({
      'gen_ai.conversation.id': { value: 'z'.repeat(100_000) },
      other: { value: 'no' },
    });
    new RunBaggageSpanProcessor().onStart(span, propagation.setBaggage(ROOT_CONTEXT, bag));
    expect(String(set['gen_ai.conversation.id'])).toHaveLength(MAX_BAGGAGE_VALUE_LENGTH);
    expect(set.other).toBeUndefined();
  });

  it('a throwing baggage implementation never reaches the app', () => {
    const evil = {
      getEntry: () => {
        throw new Error('evil');
      },
    } as unknown as Baggage;
    const span = { setAttribute: () => {} } as unknown as Span;
    expect(() =>
      new RunBaggageSpanProcessor().onStart(span, propagation.setBaggage(context.active(), evil)),
    ).not.toThrow();
  });

  it('a failing exporter does not fail the run', async () => {
    const handle = installTracing({
      simpleExport: true,
      exporter: {
        export: () => {
          throw new Error('exporter down');
        },
        shutdown: async () => {},
      },
    });
    try {
      const result = await agent().run('hi');
      expect(result.output).toBe('success (no tool calls)');
    } finally {
      await handle.shutdown();
    }
  });
});

describe('runaway and misbehaving models end with typed errors', () => {
  it('a model that never stops calling tools hits the request limit', async () => {
    const model = new FunctionModel(() => [
      { part_kind: 'tool-call', tool_name: 't', args: {}, tool_call_id: `c${Math.random()}` },
    ]);
    const a = new Agent({
      model,
      maxModelRequests: 3,
      tools: [tool({ name: 't', parameters: z.object({}), execute: () => 1 })],
    });
    await expect(a.run('go')).rejects.toBeInstanceOf(UsageLimitExceededError);
  });

  it('unknown tools and bad arguments become retry prompts, then fail after maxRetries', async () => {
    let calls = 0;
    const model = new FunctionModel(() => {
      calls++;
      return [
        {
          part_kind: 'tool-call',
          tool_name: 'add',
          args: '{"x": "not a number"}',
          tool_call_id: `c${calls}`,
        },
      ];
    });
    const add = tool({
      name: 'add',
      parameters: z.object({ x: z.number() }),
      maxRetries: 2,
      execute: ({ x }) => x,
    });
    await expect(new Agent({ model, tools: [add] }).run('go')).rejects.toBeInstanceOf(
      UnexpectedModelBehaviorError,
    );
    expect(calls).toBe(3);
  });
});

afterAll(() => {});

describe('tool context', () => {
  it('ctx.retry counts this tool retries within the run', async () => {
    const { ModelRetry } = await import('../../src/agent/tool.ts');
    const seen: number[] = [];
    const flaky = tool({
      name: 'flaky',
      parameters: z.object({}),
      maxRetries: 3,
      execute: (_a, ctx) => {
        seen.push(ctx.retry);
        if (ctx.retry < 2) throw new ModelRetry('try again');
        return 'ok';
      },
    });
    let n = 0;
    const model = new FunctionModel((messages) => {
      const last = messages.at(-1)!;
      if (last.parts.some((p) => p.part_kind === 'tool-return')) return 'done';
      return [{ part_kind: 'tool-call', tool_name: 'flaky', args: {}, tool_call_id: `c${++n}` }];
    });
    const r = await new Agent({ model, tools: [flaky] }).run('go');
    expect(r.output).toBe('done');
    expect(seen).toEqual([0, 1, 2]);
  });

  it('a finished run removes its listener from a long-lived AbortSignal', async () => {
    const controller = new AbortController();
    let listeners = 0;
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...a: Parameters<typeof add>) => {
      listeners++;
      add(...a);
    }) as typeof add;
    controller.signal.removeEventListener = ((...a: Parameters<typeof remove>) => {
      listeners--;
      remove(...a);
    }) as typeof remove;
    for (let i = 0; i < 5; i++) await agent().run('hi', { signal: controller.signal });
    expect(listeners).toBe(0);
  });
});

describe('content capture size cap', () => {
  it('oversized content stays valid JSON of the same shape, under the cap', async () => {
    const { contentAttribute } = await import('../../src/semconv/content.ts');
    const big = [{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(200_000) }] }];
    const out = contentAttribute(big, 10_000);
    expect(out.length).toBeLessThanOrEqual(10_000);
    const parsed = JSON.parse(out);
    expect(parsed[0].parts[0].content).toMatch(/…\[truncated \d+ chars\]$/);
    expect(
      JSON.parse(
        contentAttribute(
          Array.from({ length: 5000 }, () => 'y'.repeat(100)),
          1000,
        ),
      ),
    ).toMatchObject({ truncated: true });
  });
});
