import { describe, expect, it } from 'vitest';
import { handleAgUiRequest } from '../../src/adapters/ag-ui/handler.ts';
import { agUiToModelMessages } from '../../src/adapters/ag-ui/messages.ts';
import { handleVercelAiChatRequest } from '../../src/adapters/vercel-ai/handler.ts';
import { uiToModelMessages } from '../../src/adapters/vercel-ai/messages.ts';
import { Agent } from '../../src/agent/agent.ts';
import type { ModelMessage } from '../../src/messages/types.ts';
import { FunctionModel } from '../../src/testing/index.ts';

/** An agent whose model records what it was sent and answers `ok`. */
function recordingAgent() {
  const seen: ModelMessage[][] = [];
  const agent = new Agent({
    name: 'rec',
    model: new FunctionModel((messages) => {
      seen.push(structuredClone(messages));
      return 'ok';
    }),
  });
  return { agent, seen };
}

/** The parts of each message as `kind:part_kind` strings, for compact assertions. */
const shape = (messages: ModelMessage[]) =>
  messages.map((m) => `${m.kind}:${m.parts.map((p) => p.part_kind).join(',')}`);

const post = (body: unknown) =>
  new Request('http://127.0.0.1/', { method: 'POST', body: JSON.stringify(body) });

describe('AG-UI messages → ModelMessages', () => {
  it('converts every role; tool returns find their tool name; unknown content items are kept', () => {
    const odd = { type: 'hologram', payload: 1 };
    const out = agUiToModelMessages([
      { id: 's', role: 'system', content: 'be brief' },
      {
        id: 'u',
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image', source: { type: 'url', value: 'https://x/i.png', mimeType: 'image/png' } },
          odd,
        ],
      },
      { id: 'r', role: 'reasoning', content: 'hmm' },
      {
        id: 'a',
        role: 'assistant',
        content: 'calling',
        toolCalls: [
          { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
        ],
      },
      { id: 't', role: 'tool', toolCallId: 'c1', content: '{"temp_c":18}' },
      { id: 'x', role: 'activity', activityType: 'progress', content: {} },
    ]);
    expect(shape(out)).toEqual([
      'request:system-prompt,user-prompt',
      'response:thinking,text,tool-call',
      'request:tool-return',
    ]);
    expect((out[0]!.parts[1] as { content: unknown }).content).toEqual([
      'look',
      { kind: 'image-url', url: 'https://x/i.png', media_type: 'image/png' },
      odd,
    ]);
    expect(out[1]!.parts[2]).toMatchObject({
      tool_name: 'get_weather',
      args: '{"city":"Paris"}',
      tool_call_id: 'c1',
    });
    expect(out[2]!.parts[0]).toMatchObject({
      tool_name: 'get_weather',
      content: '{"temp_c":18}',
      tool_call_id: 'c1',
    });
    expect(out.every((m) => m.conversation_id === null)).toBe(true);
  });

  it('the model sees server history + frontend history + the trailing user prompt, in order', async () => {
    const { agent, seen } = recordingAgent();
    const server = [
      {
        kind: 'request',
        parts: [{ part_kind: 'user-prompt', content: 'from the server' }],
        conversation_id: 'old',
      },
    ] as ModelMessage[];
    const res = await handleAgUiRequest(
      agent,
      post({
        threadId: 't',
        runId: 'r',
        messages: [
          { id: 'a', role: 'assistant', content: 'earlier' },
          { id: 'u', role: 'user', content: 'now' },
        ],
      }),
      { messageHistory: server },
    );
    await res.text();
    expect(shape(seen[0]!)).toEqual(['request:user-prompt', 'response:text', 'request:user-prompt']);
    expect((seen[0]!.at(-1)!.parts[0] as { content: unknown }).content).toBe('now');
    // The thread id wins over the id on the server history.
    expect(seen[0]!.at(-1)!.conversation_id).toBe('t');
  });

  it('a trailing tool message resumes the run from the frontend tool result', async () => {
    const { agent, seen } = recordingAgent();
    const res = await handleAgUiRequest(
      agent,
      post({
        threadId: 't',
        runId: 'r',
        messages: [
          { id: 'u', role: 'user', content: 'weather?' },
          {
            id: 'a',
            role: 'assistant',
            toolCalls: [{ id: 'c1', type: 'function', function: { name: 'lookup', arguments: '{}' } }],
          },
          { id: 't', role: 'tool', toolCallId: 'c1', content: 'sunny' },
        ],
      }),
    );
    expect(await res.text()).toContain('RUN_FINISHED');
    expect(shape(seen[0]!)).toEqual(['request:user-prompt', 'response:tool-call', 'request:tool-return']);
  });
});

describe('Vercel UIMessages → ModelMessages', () => {
  it('splits assistant steps into responses with tool returns between them', () => {
    const out = uiToModelMessages([
      { id: 's', role: 'system', parts: [{ type: 'text', text: 'be brief' }] },
      {
        id: 'u',
        role: 'user',
        parts: [
          { type: 'text', text: 'look' },
          { type: 'file', mediaType: 'image/png', url: 'data:image/png;base64,AAAA' },
        ],
      },
      {
        id: 'a',
        role: 'assistant',
        parts: [
          { type: 'step-start' },
          { type: 'reasoning', text: 'hmm' },
          {
            type: 'tool-get_weather',
            toolCallId: 'c1',
            state: 'output-available',
            input: { city: 'Paris' },
            output: { temp_c: 18 },
          },
          {
            type: 'dynamic-tool',
            toolName: 'flaky',
            toolCallId: 'c2',
            state: 'output-error',
            input: {},
            errorText: 'boom',
          },
          { type: 'step-start' },
          { type: 'text', text: '18 C', state: 'done' },
          { type: 'source-url', sourceId: 's', url: 'https://x' },
        ],
      },
    ]);
    expect(shape(out)).toEqual([
      'request:system-prompt,user-prompt',
      'response:thinking,tool-call,tool-call',
      'request:tool-return,retry-prompt',
      'response:text',
    ]);
    expect((out[0]!.parts[1] as { content: unknown }).content).toEqual([
      'look',
      { kind: 'binary', data: 'AAAA', media_type: 'image/png' },
    ]);
    expect(out[1]!.parts[1]).toMatchObject({
      tool_name: 'get_weather',
      args: { city: 'Paris' },
      tool_call_id: 'c1',
    });
    expect(out[2]!.parts).toMatchObject([
      { content: { temp_c: 18 } },
      { content: 'boom', tool_name: 'flaky' },
    ]);
  });

  it('regenerate drops the assistant message being regenerated; the chat id is the conversation id', async () => {
    const { agent, seen } = recordingAgent();
    const res = await handleVercelAiChatRequest(
      agent,
      post({
        id: 'chat-9',
        trigger: 'regenerate-message',
        messageId: 'a1',
        messages: [
          { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'hi' }] },
          { id: 'a1', role: 'assistant', parts: [{ type: 'text', text: 'bad answer' }] },
        ],
      }),
    );
    expect(await res.text()).toContain('"finishReason":"stop"');
    expect(shape(seen[0]!)).toEqual(['request:user-prompt']);
    expect(seen[0]![0]!.conversation_id).toBe('chat-9');
  });

  it("an AG-UI threadId of 'new' triggers the fork sentinel, like upstream", async () => {
    const { agent, seen } = recordingAgent();
    const body = { threadId: 'new', runId: 'r', messages: [{ id: 'u', role: 'user', content: 'x' }] };
    const text = await (await handleAgUiRequest(agent, post(body))).text();
    expect(text).toContain('"threadId":"new"'); // the client's thread id is still echoed
    expect(seen[0]![0]!.conversation_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it("conversationId 'new' forks away from the chat id", async () => {
    const { agent, seen } = recordingAgent();
    await (
      await handleVercelAiChatRequest(
        agent,
        post({ id: 'chat-1', messages: [{ id: 'u', role: 'user', parts: [{ type: 'text', text: 'x' }] }] }),
        { conversationId: 'new' },
      )
    ).text();
    const id = seen[0]![0]!.conversation_id;
    expect(id).not.toBe('chat-1');
    expect(id).not.toBe('new');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });
});
