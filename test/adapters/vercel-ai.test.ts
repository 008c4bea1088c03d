import { DefaultChatTransport, readUIMessageStream, type UIMessage, uiMessageChunkSchema } from 'ai';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handleVercelAiChatRequest } from '../../src/adapters/vercel-ai/handler.ts';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { ATTR_GEN_AI_CONVERSATION_ID } from '../../src/conversation/keys.ts';
import { captureSpans, FunctionModel, TestModel } from '../../src/testing/index.ts';
import { chatTurn } from './support/clients.ts';
import { parseSse, serve, type TestServer } from './support/server.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());
beforeEach(() => capture.reset());

const weather = tool({
  name: 'get_weather',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temp_c: 18 }),
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('handleVercelAiChatRequest with the AI SDK transport and stream reader', () => {
  it('streams text and tool parts the AI SDK parses; the conversation id is the chat id (upstream test 13)', async () => {
    const agent = new Agent({ name: 'chat', model: new TestModel(), tools: [weather] });
    server = await serve((req) => handleVercelAiChatRequest(agent, req));
    const user: UIMessage = { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'Weather in Paris?' }] };
    const assistant = await chatTurn(server.url, 'chat-xyz', [user]);
    expect(assistant.role).toBe('assistant');
    const tools = assistant.parts.filter((p) => p.type === 'tool-get_weather');
    expect(tools).toEqual([
      expect.objectContaining({
        state: 'output-available',
        input: { city: 'a' },
        output: { city: 'a', temp_c: 18 },
      }),
    ]);
    const text = assistant.parts.filter((p) => p.type === 'text');
    expect(text).toEqual([expect.objectContaining({ text: '{"get_weather":{"city":"a","temp_c":18}}' })]);
    expect(assistant.parts.filter((p) => p.type === 'step-start')).toHaveLength(2);

    // Turn two sends the whole history back, assistant tool parts included.
    const next: UIMessage = { id: 'u2', role: 'user', parts: [{ type: 'text', text: 'And tomorrow?' }] };
    const second = await chatTurn(server.url, 'chat-xyz', [user, assistant, next]);
    expect(second.parts.some((p) => p.type === 'text')).toBe(true);

    const roots = capture.spansNamed('invoke_agent chat');
    expect(roots.map((s) => s.attributes[ATTR_GEN_AI_CONVERSATION_ID])).toEqual(['chat-xyz', 'chat-xyz']);
    for (const s of capture.spans()) expect(s.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe('chat-xyz');
    expect(capture.spansNamed('execute_tool get_weather')).toHaveLength(2);
  });

  it('the wire: v1 header, chunks valid for uiMessageChunkSchema, [DONE] last', async () => {
    const agent = new Agent({
      name: 'wire',
      model: new TestModel({ customOutputText: 'It is 18 C.' }),
      tools: [weather],
    });
    server = await serve((req) => handleVercelAiChatRequest(agent, req, { conversationId: 'explicit' }));
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'c1',
        messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'hi' }] }],
        trigger: 'submit-message',
      }),
    });
    expect(res.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const chunks = parseSse(await res.text());
    expect(chunks.at(-1)).toBe('[DONE]');
    const schema = await uiMessageChunkSchema().validate;
    for (const c of chunks.slice(0, -1)) expect((await schema!(c)).success).toBe(true);
    expect(chunks.slice(0, -1).map((c) => (c as { type: string }).type)).toEqual([
      'start',
      'start-step',
      'tool-input-start',
      'tool-input-delta',
      'tool-input-available',
      'tool-output-available',
      'finish-step',
      'start-step',
      'text-start',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-delta',
      'text-end',
      'finish-step',
      'finish',
    ]);
    expect(capture.spansNamed('invoke_agent wire')[0]!.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe(
      'explicit',
    );
  });

  it('an agent error becomes error + finish(error) chunks, which the AI SDK reader reports', async () => {
    const model = new FunctionModel(() => {
      throw new Error('upstream 500');
    });
    server = await serve((req) => handleVercelAiChatRequest(new Agent({ name: 'err', model }), req));
    const res = await fetch(server.url, {
      method: 'POST',
      body: JSON.stringify({
        id: 'c',
        messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'x' }] }],
      }),
    });
    const chunks = parseSse(await res.text());
    expect(chunks).toEqual([
      expect.objectContaining({ type: 'start' }),
      { type: 'start-step' },
      { type: 'error', errorText: 'upstream 500' },
      { type: 'finish-step' },
      { type: 'finish', finishReason: 'error' },
      '[DONE]',
    ]);
    // The AI SDK's own reader surfaces the error chunk.
    const transport = new DefaultChatTransport<UIMessage>({ api: server.url });
    const stream = await transport.sendMessages({
      trigger: 'submit-message',
      chatId: 'c',
      messageId: undefined,
      messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'x' }] }],
      abortSignal: undefined,
    });
    const errors: string[] = [];
    for await (const _ of readUIMessageStream({ stream, onError: (e) => errors.push(String(e)) })) {
      // drain
    }
    expect(errors.join()).toContain('upstream 500');
  });
});
