/**
 * A `useChat` front end — the AI SDK's own chat engine (`AbstractChat`, which `useChat` wraps) with
 * the real `DefaultChatTransport` — against a route handler (Web Request → Response, node:http on
 * 127.0.0.1) that uses `chatRun` + `streamText`. Turns of one chat are one conversation, also after
 * the messages were saved as JSON and loaded again.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbstractChat,
  type ChatInit,
  type ChatState,
  convertToModelMessages,
  DefaultChatTransport,
  registerTelemetry,
  streamText,
  type UIMessage,
} from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConvtraceTelemetry, chatRun } from '../../src/bridges/ai-sdk/index.ts';
import { toNodeHandler } from '../../src/http/node.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { mockModel } from '../support/ai-sdk-mock.ts';

const capture = captureSpans();
registerTelemetry(new ConvtraceTelemetry({ agentName: 'support' }));

/** `useChat` without React: the AI SDK's chat engine over a plain in-memory state. */
class NodeChat extends AbstractChat<UIMessage> {
  constructor({ messages = [], ...init }: ChatInit<UIMessage>) {
    const state: ChatState<UIMessage> = {
      status: 'ready',
      error: undefined,
      messages,
      pushMessage: (m) => {
        state.messages = [...state.messages, m];
      },
      popMessage: () => {
        state.messages = state.messages.slice(0, -1);
      },
      replaceMessage: (i, m) => {
        state.messages = state.messages.map((old, j) => (j === i ? m : old));
      },
      snapshot: (value) => structuredClone(value),
    };
    super({ ...init, state });
  }
}

/** The route: `/api/chat` uses the chat id; `/api/chat-without-id` only the messages' metadata. */
function route(request: Request): Promise<Response> {
  const useChatId = new URL(request.url).pathname === '/api/chat';
  return (request.json() as Promise<{ id: string; messages: UIMessage[] }>).then(({ id, messages }) =>
    chatRun({ chatId: useChatId ? id : null, messages, agentName: 'support' }, async (run) => {
      const result = streamText({
        model: mockModel(`reply ${messages.length}`),
        messages: await convertToModelMessages(messages),
      });
      return result.toUIMessageStreamResponse({
        originalMessages: messages,
        messageMetadata: run.messageMetadata,
      });
    }),
  );
}

let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer(toNodeHandler(route));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await capture.shutdown();
});

type Ids = { conversationId: string; runId: string };
const idsOf = (m: UIMessage | undefined): Ids =>
  (m?.metadata as { convtrace: Ids } | undefined)?.convtrace ?? { conversationId: '', runId: '' };
const assistantIds = (chat: NodeChat) => chat.messages.filter((m) => m.role === 'assistant').map(idsOf);

/** The `invoke_agent` spans of the AI SDK calls, as [conversation id, run id]. */
const runSpans = () =>
  capture
    .spans()
    .filter((s) => s.name === 'invoke_agent mock-weather')
    .map((s) => [s.attributes['gen_ai.conversation.id'], s.attributes['gen_ai.agent.call.id']]);

async function send(chat: NodeChat, text: string): Promise<void> {
  await chat.sendMessage({ text });
  if (chat.error) throw chat.error;
}

describe('useChat (DefaultChatTransport) against a chatRun route', () => {
  it('two turns on one chat id are one conversation; saved as JSON and reloaded, still one', async () => {
    capture.reset();
    const transport = new DefaultChatTransport<UIMessage>({ api: `${base}/api/chat` });
    const chat = new NodeChat({ id: 'chat-7', transport });
    await send(chat, 'Hi');
    await send(chat, 'And again?');
    const [t1, t2] = assistantIds(chat);
    expect(t1!.conversationId).toBe('chat-7');
    expect(t2!.conversationId).toBe('chat-7');
    expect(t1!.runId).not.toBe(t2!.runId);
    expect(chat.messages.at(-1)!.parts).toContainEqual(expect.objectContaining({ text: 'reply 3' }));

    // Saved as the AI SDK docs do (the messages as JSON), then loaded into a new chat.
    const file = join(await mkdtemp(join(tmpdir(), 'convtrace-chat-')), 'chat-7.json');
    await writeFile(file, JSON.stringify(chat.messages));
    const saved = JSON.parse(await readFile(file, 'utf8')) as UIMessage[];
    const reloaded = new NodeChat({ id: 'chat-7', transport, messages: saved });
    await send(reloaded, 'Back again');
    const t3 = assistantIds(reloaded)[2]!;
    expect(t3.conversationId).toBe('chat-7');

    // Every turn is one run on the spans, all in the chat's conversation.
    expect(runSpans()).toEqual([
      ['chat-7', t1!.runId],
      ['chat-7', t2!.runId],
      ['chat-7', t3.runId],
    ]);
    expect(new Set([t1!.runId, t2!.runId, t3.runId]).size).toBe(3);
    // Each turn's invoke_agent span names the turn it continues (the run id on the messages).
    const continues = capture
      .spans()
      .filter((s) => s.name === 'invoke_agent mock-weather')
      .map((s) => s.attributes['convtrace.history.run_id']);
    expect(continues).toEqual([undefined, t1!.runId, t2!.runId]);
  });

  it('a route that does not get the chat id continues from the ids saved on the messages', async () => {
    capture.reset();
    const first = new NodeChat({
      id: 'chat-first',
      transport: new DefaultChatTransport<UIMessage>({ api: `${base}/api/chat-without-id` }),
    });
    await send(first, 'Hi');
    const [t1] = assistantIds(first);
    expect(t1!.conversationId).toMatch(/^[0-9a-f-]{36}$/); // no chat id, no history: fresh

    const saved = JSON.parse(JSON.stringify(first.messages)) as UIMessage[];
    // Reloaded under another chat id (a front end that does not keep it): the metadata carries on.
    const reloaded = new NodeChat({
      transport: new DefaultChatTransport<UIMessage>({ api: `${base}/api/chat-without-id` }),
      messages: saved,
    });
    await send(reloaded, 'Again');
    const [, t2] = assistantIds(reloaded);
    expect(t2!.conversationId).toBe(t1!.conversationId);
    expect(t2!.runId).not.toBe(t1!.runId);
    expect(runSpans()).toEqual([
      [t1!.conversationId, t1!.runId],
      [t1!.conversationId, t2!.runId],
    ]);
  });

  it('prompts and outputs stay off the spans unless content capture is opted into', async () => {
    const hasContent = () =>
      capture
        .spans()
        .filter((sp) => sp.name.startsWith('invoke_agent') || sp.name.startsWith('chat '))
        .map((sp) => 'gen_ai.input.messages' in sp.attributes || 'gen_ai.output.messages' in sp.attributes);
    const call = (telemetry?: object) =>
      streamText({
        model: mockModel('secret answer'),
        prompt: 'secret question',
        ...telemetry,
      }).consumeStream();

    capture.reset();
    await call();
    expect(hasContent()).toEqual([false, false]);

    capture.reset();
    await call({ telemetry: { integrations: new ConvtraceTelemetry({ captureContent: true }) } });
    expect(hasContent()).toEqual([true, true]);

    capture.reset();
    await call({ telemetry: { recordInputs: true, recordOutputs: true } }); // the call opts in itself
    expect(hasContent()).toEqual([true, true]);
  });
});
