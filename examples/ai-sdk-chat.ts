/**
 * A Vercel AI SDK chat in one process: the route of `ai-sdk-route.ts` served with node:http, and a
 * front end sending two turns of one chat the way `useChat` does (its `DefaultChatTransport`).
 * Both turns share `gen_ai.conversation.id` (the chat id); each has its own run id. Swap the mock
 * model for yours (e.g. `openai('gpt-4o-mini')` from `@ai-sdk/openai`).
 *
 *   npm install ai @ai-sdk/otel
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 node examples/ai-sdk-chat.ts
 */
import { createServer } from 'node:http';
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import { convertArrayToReadableStream, MockLanguageModelV4 } from 'ai/test';
import { setupTracing } from 'convtrace';
import { toNodeHandler } from 'convtrace/vercel-ai';
import { chatRoute } from './ai-sdk-route.ts';

const tracing = setupTracing({ serviceName: 'ai-sdk-chat' }); // OTLP to OTEL_EXPORTER_OTLP_ENDPOINT
const usage = {
  inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 2, text: 2, reasoning: undefined },
};
const model = new MockLanguageModelV4({
  doStream: async () => ({
    stream: convertArrayToReadableStream([
      { type: 'text-start', id: 't' },
      { type: 'text-delta', id: 't', delta: 'Hello from the mock model' },
      { type: 'text-end', id: 't' },
      { type: 'finish', usage, finishReason: { unified: 'stop', raw: 'stop' } },
    ]),
  }),
});

const server = createServer(toNodeHandler(chatRoute(model)));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };

// The front end: what useChat({ id: 'chat-1' }) does on each sendMessage.
const transport = new DefaultChatTransport<UIMessage>({ api: `http://127.0.0.1:${port}/api/chat` });
const messages: UIMessage[] = [];
for (const text of ['Hi!', 'And again?']) {
  messages.push({ id: crypto.randomUUID(), role: 'user', parts: [{ type: 'text', text }] });
  const stream = await transport.sendMessages({
    chatId: 'chat-1',
    messages,
    trigger: 'submit-message',
    messageId: undefined,
    abortSignal: undefined,
  });
  let reply: UIMessage | undefined;
  for await (const message of readUIMessageStream<UIMessage>({ stream })) reply = message;
  if (reply) messages.push(reply);
}

server.close();
await tracing.shutdown();
const turns = messages.filter((m) => m.role === 'assistant').map((m) => m.metadata);
console.log(JSON.stringify({ turns }));
