/**
 * Ports of pydantic-ai #5251's tests (tests/test_agent.py @09428c97d, L3507-L3583) and the stamping
 * rules of conversation-semantics.md §3.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { modelRequest } from '../../src/messages/build.ts';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';
import type { ModelMessage } from '../../src/messages/types.ts';
import { FunctionModel, TestModel } from '../../src/testing/index.ts';

const agent = () => new Agent({ name: 'test_agent', model: new TestModel() });
const ids = (messages: ModelMessage[]) => messages.map((m) => m.conversation_id);

describe('conversation id across runs (#5251)', () => {
  it('test_agent_message_history_includes_conversation_id: a fresh run stamps both messages; id != run id', async () => {
    const result = await agent().run('Hello');
    expect(result.conversationId).not.toBe(result.runId);
    expect(ids(result.allMessages())).toEqual([result.conversationId, result.conversationId]);
    expect(result.allMessages().map((m) => m.run_id)).toEqual([result.runId, result.runId]);
  });

  it('test_agent_conversation_id_resolves_from_message_history: a second run inherits the id', async () => {
    const a = agent();
    const first = await a.run('Hello');
    const second = await a.run('Again', { messageHistory: first.allMessages() });
    expect(second.conversationId).toBe(first.conversationId);
    expect(second.runId).not.toBe(first.runId);
    for (const m of second.newMessages()) expect(m.conversation_id).toBe(first.conversationId);
  });

  it('test_agent_conversation_id_explicit_override: every message carries the explicit id', async () => {
    const result = await agent().run('hi', { conversationId: 'conv-app-42' });
    expect(result.conversationId).toBe('conv-app-42');
    expect(ids(result.allMessages())).toEqual(['conv-app-42', 'conv-app-42']);
  });

  it("test_agent_conversation_id_new_sentinel_forks: 'new' mints a new id; history keeps its old one", async () => {
    const a = agent();
    const first = await a.run('Hello');
    const fork = await a.run('Fork', { messageHistory: first.allMessages(), conversationId: 'new' });
    expect(fork.conversationId).not.toBe(first.conversationId);
    expect(fork.conversationId).not.toBe('new');
    for (const m of fork.newMessages()) expect(m.conversation_id).toBe(fork.conversationId);
    expect(ids(fork.allMessages().slice(0, 2))).toEqual([first.conversationId, first.conversationId]);
  });

  it('test_agent_conversation_id_available_in_run_context: tools and instructions see the id', async () => {
    const seen: string[] = [];
    const a = new Agent({
      model: new TestModel(),
      instructions: (run) => {
        seen.push(`instructions:${run.conversationId}`);
        return 'Be brief.';
      },
      tools: [
        tool({
          name: 'whoami',
          parameters: z.object({}),
          execute: (_args, ctx) => {
            seen.push(
              `tool:${ctx.conversationId}:${ctx.runId === ctx.span.spanContext().spanId ? 'bad' : 'ok'}`,
            );
            return ctx.conversationId;
          },
        }),
      ],
    });
    const result = await a.run('hi', { conversationId: 'conv-from-ctx' });
    expect(seen).toEqual(['instructions:conv-from-ctx', 'tool:conv-from-ctx:ok']);
    expect(result.conversationId).toBe('conv-from-ctx');
    expect(result.output).toBe('{"whoami":"conv-from-ctx"}');
  });

  it('test_agent_conversation_id_surfaces_on_iter_and_async_stream: ids readable before any output', async () => {
    const stream = agent().runStream('hi', { conversationId: 'conv-async-stream' });
    expect(stream.conversationId).toBe('conv-async-stream');
    expect(stream.runId).toMatch(/^[0-9a-f-]{36}$/);
    const deltas: string[] = [];
    for await (const d of stream) deltas.push(d);
    expect(deltas.join('')).toBe('success (no tool calls)');
    expect(await stream.output).toBe('success (no tool calls)');
    expect(ids(stream.allMessages())).toEqual(['conv-async-stream', 'conv-async-stream']);
  });

  it('test_agent_run_result_conversation_id_property', async () => {
    expect((await agent().run('hi', { conversationId: 'conv-result' })).conversationId).toBe('conv-result');
  });

  it('JSON round trip: a history saved as JSON continues the same conversation', async () => {
    const a = agent();
    const first = await a.run('Hello');
    const loaded = parseMessages(serializeMessages(first.allMessages()));
    const second = await a.run('Again', { messageHistory: loaded });
    expect(second.conversationId).toBe(first.conversationId);
  });

  it('back-compat: a legacy history without ids upgrades — the next run mints and stamps an id', async () => {
    const legacy = parseMessages([
      { kind: 'request', parts: [{ part_kind: 'user-prompt', content: 'old' }] },
    ]);
    const result = await agent().run('new turn', { messageHistory: legacy });
    expect(legacy[0]!.conversation_id).toBeNull();
    for (const m of result.newMessages()) expect(m.conversation_id).toBe(result.conversationId);
  });
});

describe('pitfall P6', () => {
  it('histories rebuilt without conversation_id get a fresh id every run: persist the field or pass it', async () => {
    const a = agent();
    const first = await a.run('Hello');
    const strip = (ms: ModelMessage[]) =>
      parseMessages(JSON.stringify(ms.map(({ conversation_id: _, ...rest }) => rest)));
    const second = await a.run('Again', { messageHistory: strip(first.allMessages()) });
    expect(second.conversationId).not.toBe(first.conversationId);
    const third = await a.run('Again', {
      messageHistory: strip(first.allMessages()),
      conversationId: first.conversationId,
    });
    expect(third.conversationId).toBe(first.conversationId);
  });
});

describe('stamping rules (§3)', () => {
  it('tool-return requests and every response of a tool run carry the ids (S2, S4)', async () => {
    const a = new Agent({
      model: new TestModel(),
      tools: [tool({ name: 'a', parameters: z.object({ x: z.number() }), execute: ({ x }) => x + 1 })],
    });
    const result = await a.run('go', { conversationId: 'c1' });
    const msgs = result.allMessages();
    expect(msgs.map((m) => m.kind)).toEqual(['request', 'response', 'request', 'response']);
    expect(ids(msgs)).toEqual(['c1', 'c1', 'c1', 'c1']);
    expect(new Set(msgs.map((m) => m.run_id))).toEqual(new Set([result.runId]));
  });

  it('S1: resuming a history that ends in a request keeps that request own ids (fill-if-missing)', async () => {
    const trailing = modelRequest([{ part_kind: 'user-prompt', content: 'pending' }], {
      conversation_id: 'older-conv',
      run_id: 'older-run',
    });
    const result = await agent().run(undefined, { messageHistory: [trailing], conversationId: 'c2' });
    const [req, resp] = result.allMessages();
    expect(req!.conversation_id).toBe('older-conv');
    expect(req!.run_id).toBe('older-run');
    expect(resp!.conversation_id).toBe('c2');
    expect(trailing.parts).toHaveLength(1);
  });

  it('S8: the final streamed response is overwritten with the stream ids even if the model set some', async () => {
    const model = new FunctionModel(() => 'x', {
      stream: async function* () {
        yield 'hel';
        yield 'lo';
      },
    });
    const s = new Agent({ model }).runStream('hi', { conversationId: 'c3' });
    await s.result;
    const last = s.allMessages().at(-1)!;
    expect([last.conversation_id, last.run_id]).toEqual(['c3', s.runId]);
  });

  it('P1: consecutive requests are never merged — the model sees the run request last, with the run id', async () => {
    const seen: ModelMessage[][] = [];
    const model = new FunctionModel((messages) => {
      seen.push(messages);
      return 'ok';
    });
    // A history ending with a closing tool-return request from another conversation (S6/S7 leftovers).
    const history = parseMessages([
      { kind: 'request', parts: [{ part_kind: 'user-prompt', content: 'q' }], conversation_id: 'other' },
      {
        kind: 'response',
        parts: [{ part_kind: 'tool-call', tool_name: 'final_result', args: '{}', tool_call_id: 't1' }],
        conversation_id: 'other',
      },
      {
        kind: 'request',
        parts: [{ part_kind: 'tool-return', tool_name: 'final_result', content: 'done', tool_call_id: 't1' }],
        conversation_id: 'other',
      },
    ]);
    const result = await new Agent({ model }).run('next', { messageHistory: history, conversationId: 'new' });
    const sent = seen[0]!;
    expect(sent).toHaveLength(4);
    expect(sent.at(-1)!.conversation_id).toBe(result.conversationId);
    expect(sent.at(-2)!.conversation_id).toBe('other');
  });
});
