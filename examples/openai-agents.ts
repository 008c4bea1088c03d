// Run with: node --import convtrace/register examples/openai-agents.ts
import { Agent, setTraceProcessors, tool, user } from '@openai/agents';
import { ConvtraceTracingProcessor, runWithConversation } from 'convtrace/openai-agents';
import { z } from 'zod';

setTraceProcessors([new ConvtraceTracingProcessor()]); // addTraceProcessor keeps OpenAI's trace export too
const weather = tool({
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => (await fetch(`${process.env.WEATHER_URL}/weather?city=${city}`)).text(),
});
const agent = new Agent({ name: 'assistant', model: 'gpt-4.1-mini', tools: [weather] });
const first = await runWithConversation(agent, 'Weather in Paris?');
const second = await runWithConversation(agent, [...first.history, user('And in Lyon?')]);
console.log(JSON.stringify({ first: first.finalOutput, second: second.finalOutput }));
