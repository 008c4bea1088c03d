/**
 * An AG-UI endpoint on plain `node:http`. Every run of one AG-UI thread shares its `threadId` as
 * `gen_ai.conversation.id`, so a chat thread's traces group together.
 *
 *   node examples/ag-ui-server.ts        # PORT=8000 by default; PORT=0 picks a free port
 *
 * Point an AG-UI client (`new HttpAgent({ url: 'http://127.0.0.1:8000/' })`, CopilotKit, ...) at it.
 * Swap `TestModel` for your model.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, setupTracing, tool } from 'convtrace';
import { handleAgUiRequest, toNodeHandler } from 'convtrace/ag-ui';
import { TestModel } from 'convtrace/testing';
import { z } from 'zod';

const tracing = setupTracing({ serviceName: 'ag-ui-server' }); // OTLP to OTEL_EXPORTER_OTLP_ENDPOINT
const weather = tool({
  name: 'get_weather',
  description: 'Current weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temp_c: 18 }),
});
const agent = new Agent({ name: 'weather', model: new TestModel(), tools: [weather] });

const server = createServer(toNodeHandler((request) => handleAgUiRequest(agent, request)));
server.listen(Number(process.env.PORT ?? 8000), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`AG-UI endpoint: http://127.0.0.1:${port}/`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    tracing.shutdown().finally(() => process.exit(0));
  });
}
