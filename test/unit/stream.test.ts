import { SpanStatusCode } from '@opentelemetry/api';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { captureSpans, FunctionModel, TestModel } from '../../src/testing/index.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());
beforeEach(() => capture.reset());

/** A model that streams `n` deltas, waiting for the abort signal between them. */
function slowModel(n: number) {
  return new FunctionModel(() => 'unused', {
    stream: async function* (_m, info) {
      for (let i = 0; i < n; i++) {
        await new Promise((r) => setTimeout(r, 5));
        info.signal?.throwIfAborted();
        yield `d${i} `;
      }
    },
  });
}

describe('agent.runStream', () => {
  it('streams deltas and events in order, tool calls included', async () => {
    const a = new Agent({
      model: new TestModel(),
      tools: [tool({ name: 'ping', parameters: z.object({}), execute: () => 'pong' })],
    });
    const s = a.runStream('hi');
    const types: string[] = [];
    for await (const e of s.events()) types.push(e.type);
    expect(types).toEqual([
      'model-request',
      'tool-call',
      'model-response',
      'tool-result',
      'model-request',
      'text-delta',
      'model-response',
    ]);
    expect(await s.output).toBe('{"ping":"pong"}');
  });

  it('breaking out of the iteration cancels the run and ends every span exactly once', async () => {
    const s = new Agent({ name: 'brk', model: slowModel(50) }).runStream('hi');
    let got = 0;
    for await (const _ of s) if (++got === 3) break;
    await expect(s.result).rejects.toThrow();
    const spans = capture.spans();
    expect(spans.map((x) => x.name).sort()).toEqual(['chat function', 'invoke_agent brk']);
    const root = capture.spansNamed('invoke_agent brk')[0]!;
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
    expect(root.ended).toBe(true);
  });

  it('an AbortSignal cancels a streaming run; its spans end with an error status', async () => {
    const controller = new AbortController();
    const s = new Agent({ name: 'abrt', model: slowModel(100) }).runStream('hi', {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user cancelled')), 20);
    await expect(s.result).rejects.toThrow('user cancelled');
    expect(capture.spansNamed('chat function')[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(capture.spansNamed('invoke_agent abrt')).toHaveLength(1);
  });

  it('a model error mid-stream surfaces to the consumer and is recorded on the spans', async () => {
    const model = new FunctionModel(() => 'x', {
      stream: async function* () {
        yield 'partial ';
        throw new Error('upstream 500');
      },
    });
    const s = new Agent({ name: 'err', model }).runStream('hi');
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const d of s) seen.push(d);
      })(),
    ).rejects.toThrow('upstream 500');
    expect(seen).toEqual(['partial ']);
    expect(capture.spansNamed('invoke_agent err')[0]!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a run nobody reads still finishes and ends its spans', async () => {
    const s = new Agent({ name: 'unread', model: new TestModel() }).runStream('hi');
    await s.result;
    expect(capture.spansNamed('invoke_agent unread')).toHaveLength(1);
    expect(() => s.allMessages()).not.toThrow();
  });
});
