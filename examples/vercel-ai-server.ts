/**
 * An AI SDK `useChat` endpoint (and an AG-UI one) on Hono. Every turn of one chat shares the chat
 * `id` as `gen_ai.conversation.id`, so a chat's traces group together.
 *
 *   npm install hono @hono/node-server
 *   node examples/vercel-ai-server.ts    # PORT=8000 by default; PORT=0 picks a free port
 *
 * `useChat()` posts to `/api/chat` by default. Swap `TestModel` for your model.
 */
import { serve } from '@hono/node-server';
import { Agent, setupTracing, tool } from 'convtrace';
import { handleAgUiRequest } from 'convtrace/ag-ui';
import { TestModel } from 'convtrace/testing';
import { handleVercelAiChatRequest } from 'convtrace/vercel-ai';
import { Hono } from 'hono';
import { z } from 'zod';

const tracing = setupTracing({ serviceName: 'vercel-ai-server' }); // OTLP to OTEL_EXPORTER_OTLP_ENDPOINT
const weather = tool({
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temp_c: 18 }),
});
const agent = new Agent({ name: 'weather', model: new TestModel(), tools: [weather] });

const app = new Hono();
app.post('/api/chat', (c) => handleVercelAiChatRequest(agent, c.req.raw));
app.post('/ag-ui', (c) => handleAgUiRequest(agent, c.req.raw));

const server = serve(
  { fetch: app.fetch, port: Number(process.env.PORT ?? 8000), hostname: '127.0.0.1' },
  (info) => {
    console.log(`chat endpoint: http://127.0.0.1:${info.port}/api/chat`);
  },
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    tracing.shutdown().finally(() => process.exit(0));
  });
}
