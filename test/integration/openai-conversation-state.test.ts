/**
 * OpenAI server-side conversation state against the local OpenAI (real `openai` v7 client):
 * ports of pydantic-ai #5224's seven tests (tests/models/test_openai_responses.py @671e30538,
 * L2833-L2994), the three recorded cassettes, and the no-duplicate-items invariant.
 */
import { fileURLToPath } from 'node:url';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { UserError } from '../../src/errors.ts';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';
import type { ModelMessage, ModelResponse } from '../../src/messages/types.ts';
import { OpenAIResponsesModel } from '../../src/models/openai/responses-model.ts';
import { SERVER_STATE_CONFLICT_MESSAGE } from '../../src/models/openai/server-state.ts';
import { type FakeOpenAI, readCassette } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';

const cassette = (name: string) =>
  fileURLToPath(new URL(`../fixtures/openai-cassettes/${name}.yaml`, import.meta.url));

let fake: FakeOpenAI;
let client: OpenAI;
useFakeOpenAI((started) => ({ fake, client } = started));

const model = () => new OpenAIResponsesModel('gpt-4.1', { client });
const agent = (
  instructions = 'Follow the user instructions exactly.',
  tools: ReturnType<typeof tool>[] = [],
) => new Agent({ name: 'conv-agent', model: model(), instructions, tools: tools as never });
const responsesBodies = () =>
  fake.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as Record<string, unknown>);
const lastResponse = (ms: ModelMessage[]) =>
  ms.filter((m): m is ModelResponse => m.kind === 'response').at(-1)!;

describe('#5224 scenarios', () => {
  it('test_openai_conversation_id_explicit_and_auto: run 2 sends only the new message with conv_X', async () => {
    const conv = await client.conversations.create();
    fake.script({ text: 'stored' }, { text: 'CONV-PAI-5222' });
    const r1 = await agent().run('Remember CONV-PAI-5222; reply stored', {
      modelSettings: { openaiConversationId: conv.id },
    });
    expect(r1.output).toBe('stored');
    expect(lastResponse(r1.allMessages()).provider_details?.conversation_id).toBe(conv.id);
    const r2 = await agent().run('What was the code?', {
      messageHistory: [lastResponse(r1.allMessages())],
      modelSettings: { openaiConversationId: 'auto' },
    });
    expect(r2.output).toBe('CONV-PAI-5222');
    const body = responsesBodies()[1]!;
    expect(body.conversation).toBe(conv.id);
    expect(body.input).toEqual([{ role: 'user', content: 'What was the code?' }]);
    expect(lastResponse(r2.allMessages()).provider_details?.conversation_id).toBe(conv.id);
  });

  it("auto_respects_pydantic_ai_conversation_id (cassette): 'new' forks away from the OpenAI conversation", async () => {
    const recorded = readCassette(
      cassette('test_openai_conversation_id_auto_respects_pydantic_ai_conversation_id'),
    );
    fake.loadCassette(cassette('test_openai_conversation_id_auto_respects_pydantic_ai_conversation_id'));
    const conv = await client.conversations.create();
    const r1 = await agent().run('Reply exactly: stored', {
      modelSettings: { openaiConversationId: conv.id },
    });
    const r2 = await agent().run('Reply exactly: forked', {
      messageHistory: r1.allMessages(),
      conversationId: 'new',
      modelSettings: { openaiConversationId: 'auto' },
    });
    await client.conversations.delete(conv.id);
    expect(r2.output).toBe('forked');
    expect(r2.allMessages().at(-2)!.conversation_id).not.toBe(r1.conversationId);
    expect(lastResponse(r2.allMessages()).provider_details).not.toHaveProperty('conversation_id');
    const sent = responsesBodies();
    const want = recorded
      .filter((i) => i.path === '/v1/responses')
      .map((i) => i.requestBody as Record<string, unknown>);
    expect(sent).toHaveLength(2);
    for (const [i, body] of sent.entries()) {
      expect(body.input).toEqual(want[i]!.input);
      expect(body.conversation).toEqual(want[i]!.conversation);
      expect(body.previous_response_id).toEqual(want[i]!.previous_response_id);
    }
  });

  it('preserves_mismatched_history (cassette): other-provider and other-conversation history is sent in full', async () => {
    const recorded = readCassette(cassette('test_openai_conversation_id_preserves_mismatched_history'));
    fake.loadCassette(cassette('test_openai_conversation_id_preserves_mismatched_history'));
    const conv = await client.conversations.create();
    const history = parseMessages([
      {
        kind: 'request',
        parts: [{ part_kind: 'user-prompt', content: 'The local-only code is LOCAL-PAI-5222.' }],
      },
      {
        kind: 'response',
        parts: [{ part_kind: 'text', content: 'Understood.' }],
        provider_name: 'anthropic',
        provider_details: { conversation_id: conv.id },
      },
      {
        kind: 'response',
        parts: [{ part_kind: 'text', content: 'Different OpenAI conversation acknowledged.' }],
        provider_name: 'openai',
        provider_details: { conversation_id: 'conv_different' },
      },
    ]);
    const r = await agent(
      'Follow the user instructions exactly. When asked for a code, reply only with that code.',
    ).run('What is the local-only code?', {
      messageHistory: history,
      modelSettings: { openaiConversationId: conv.id },
    });
    await client.conversations.delete(conv.id);
    expect(r.output).toBe('LOCAL-PAI-5222');
    expect(lastResponse(r.allMessages()).provider_details?.conversation_id).toBe(conv.id);
    const want = recorded.find((i) => i.path === '/v1/responses')!.requestBody as Record<string, unknown>;
    const [body] = responsesBodies();
    expect(body!.input).toEqual(want.input);
    expect(body!.conversation).toEqual(want.conversation);
    expect(body!.instructions).toEqual(want.instructions);
  });

  it("auto_without_history (cassette): 'auto' with nothing to continue sends no conversation", async () => {
    const recorded = readCassette(cassette('test_openai_conversation_id_auto_without_history'));
    fake.loadCassette(cassette('test_openai_conversation_id_auto_without_history'));
    const r = await agent().run('Reply exactly: no conversation', {
      modelSettings: { openaiConversationId: 'auto' },
    });
    expect(r.output).toBe('no conversation');
    expect(lastResponse(r.allMessages()).provider_details).not.toHaveProperty('conversation_id');
    const [body] = responsesBodies();
    expect(body).not.toHaveProperty('conversation');
    expect(body!.input).toEqual((recorded[0]!.requestBody as Record<string, unknown>).input);
  });

  it('tool_call_continuation: the second request of the run sends only the function_call_output', async () => {
    const conv = await client.conversations.create();
    fake.script({ toolCalls: [{ name: 'get_conversation_code', arguments: {} }] }, { text: 'TOOL-PAI-5222' });
    const code = tool({
      name: 'get_conversation_code',
      parameters: z.object({}),
      execute: () => 'TOOL-PAI-5222',
    });
    const r = await agent('Use the tool.', [code]).run('What is the code?', {
      modelSettings: { openaiConversationId: conv.id },
    });
    expect(r.output).toBe('TOOL-PAI-5222');
    expect(lastResponse(r.allMessages()).provider_details?.conversation_id).toBe(conv.id);
    const second = responsesBodies()[1]!;
    expect(second.conversation).toBe(conv.id);
    expect(second.input).toEqual([
      { type: 'function_call_output', call_id: expect.any(String), output: 'TOOL-PAI-5222' },
    ]);
    const items = fake.conversations.get(conv.id)!;
    expect(items.map((i) => i.type)).toEqual(['message', 'function_call', 'function_call_output', 'message']);
  });

  it('conflicts_with_previous_response_id: the exact UserError, and zero HTTP calls', async () => {
    const before = fake.requests.length;
    const err = await agent()
      .run('hi', { modelSettings: { openaiConversationId: 'auto', openaiPreviousResponseId: 'auto' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toBe(SERVER_STATE_CONFLICT_MESSAGE);
    expect(fake.requests.length).toBe(before);
  });

  it('streaming_provider_details: the conv id is captured from the stream events', async () => {
    const conv = await client.conversations.create();
    fake.script({ text: 'streamed' });
    const s = agent().runStream('Reply exactly: streamed', {
      modelSettings: { openaiConversationId: conv.id },
    });
    let text = '';
    for await (const d of s) text += d;
    expect(text).toBe('streamed');
    expect(lastResponse(s.allMessages()).provider_details?.conversation_id).toBe(conv.id);
    expect(responsesBodies()[0]!.stream).toBe(true);
  });
});

describe('openaiPreviousResponseId against the local OpenAI', () => {
  it("'auto' chains each turn on the previous response and sends only the new items", async () => {
    const a = agent();
    const r1 = await a.run('first', { modelSettings: { openaiPreviousResponseId: 'auto' } });
    const r2 = await a.run('second', {
      messageHistory: r1.allMessages(),
      modelSettings: { openaiPreviousResponseId: 'auto' },
    });
    const r3 = await a.run('third', {
      messageHistory: r2.allMessages(),
      modelSettings: { openaiPreviousResponseId: 'auto' },
    });
    expect(r3.output).toBe('echo: third');
    const bodies = responsesBodies();
    expect(bodies[0]).not.toHaveProperty('previous_response_id');
    expect(bodies[1]!.previous_response_id).toBe(lastResponse(r1.allMessages()).provider_response_id);
    expect(bodies[2]!.previous_response_id).toBe(lastResponse(r2.allMessages()).provider_response_id);
    expect(bodies.map((b) => b.input)).toEqual([
      [{ role: 'user', content: 'first' }],
      [{ role: 'user', content: 'second' }],
      [{ role: 'user', content: 'third' }],
    ]);
    expect(bodies.every((b) => !('conversation' in b))).toBe(true);
  });

  it('a concrete seed that the server does not know surfaces as the 404 from OpenAI', async () => {
    await expect(
      agent().run('hi', { modelSettings: { openaiPreviousResponseId: 'resp_unknown' } }),
    ).rejects.toMatchObject({
      status: 404,
    });
  });
});

describe('no duplicated items', () => {
  it('a 10-turn conversation with tool calls, streaming and one fork never stores an item twice', async () => {
    const conv = await client.conversations.create();
    fake.setResponder((call) =>
      call.tools.length > 0 && call.lastMessage?.role === 'user' && /weather/.test(call.lastUserText ?? '')
        ? { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }
        : { text: `turn answer to ${call.lastUserText ?? 'tool'}` },
    );
    const weather = tool({
      name: 'get_weather',
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => `sunny in ${city}`,
    });
    const a = agent('Be brief.', [weather]);
    let history: ModelMessage[] = [];
    for (let turn = 1; turn <= 10; turn++) {
      const prompt = turn % 3 === 0 ? `weather please, turn ${turn}` : `turn ${turn}`;
      const settings = { openaiConversationId: turn === 1 ? conv.id : 'auto' };
      if (turn % 2 === 0) {
        const s = a.runStream(prompt, { messageHistory: history, modelSettings: settings });
        for await (const _ of s);
        history = s.allMessages();
      } else {
        history = (await a.run(prompt, { messageHistory: history, modelSettings: settings })).allMessages();
      }
      // Persisted and reloaded between turns, as a real app would.
      history = parseMessages(serializeMessages(history));
      if (turn === 5) {
        // A fork: a new framework conversation on the same history must not write into conv.
        const fork = await a.run('forked turn', {
          messageHistory: history,
          conversationId: 'new',
          modelSettings: { openaiConversationId: 'auto' },
        });
        expect(fork.allMessages().at(-1)!.kind).toBe('response');
      }
    }
    const items = fake.conversations.get(conv.id)!;
    const ids = items.map((i) => String(i.id));
    expect(new Set(ids).size).toBe(ids.length);
    const userTexts = items.filter((i) => i.role === 'user').map((i) => JSON.stringify(i.content));
    expect(new Set(userTexts).size).toBe(userTexts.length);
    expect(userTexts).toHaveLength(10);
    expect(userTexts.join()).not.toContain('forked turn');
    expect(items.filter((i) => i.type === 'function_call')).toHaveLength(3);
    expect(items.filter((i) => i.type === 'function_call_output')).toHaveLength(3);
  });
});
