import { Agent, setupTracing, tool } from 'convtrace';
import { TestModel } from 'convtrace/testing';
import { z } from 'zod';

const tracing = setupTracing({ serviceName: 'quickstart' }); // exports OTLP to OTEL_EXPORTER_OTLP_ENDPOINT
const getWeather = tool({
  name: 'get_weather',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => `sunny in ${city}`,
});
const agent = new Agent({ name: 'weather', model: new TestModel(), tools: [getWeather] });
const first = await agent.run('Weather in Paris?');
const second = await agent.run('And tomorrow?', { messageHistory: first.allMessages() });
console.log(
  JSON.stringify({
    same: first.conversationId === second.conversationId,
    conversationId: second.conversationId,
  }),
);
await tracing.shutdown();
