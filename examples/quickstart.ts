import { Agent, setupTracing, tool } from 'convtrace';
import { TestModel } from 'convtrace/testing';
import { z } from 'zod';

const tracing = setupTracing({ serviceName: 'quickstart' }); // OTLP to OTEL_EXPORTER_OTLP_ENDPOINT
const weather = tool({ name: 'weather', parameters: z.object({ city: z.string() }), execute: () => 'sunny' });
const agent = new Agent({ name: 'weather', model: new TestModel(), tools: [weather] });
const first = await agent.run('Weather in Paris?');
const second = await agent.run('And tomorrow?', { messageHistory: first.allMessages() });
console.log(
  JSON.stringify({ same: first.conversationId === second.conversationId, id: second.conversationId }),
);
await tracing.shutdown();
