// Run with: node --import convtrace/register examples/langchain.ts
import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { MemorySaver } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { ChatOpenAI } from '@langchain/openai';
import { invokeWithConversation } from 'convtrace/langchain';
import { z } from 'zod';

const weather = tool(
  async ({ city }) => (await fetch(`${process.env.WEATHER_URL}/weather?city=${city}`)).text(),
  {
    name: 'get_weather',
    description: 'Current weather of a city',
    schema: z.object({ city: z.string() }),
  },
);
const llm = new ChatOpenAI({ model: 'gpt-4.1-mini' });
const agent = createReactAgent({ llm, tools: [weather], checkpointer: new MemorySaver() });
const config = { configurable: { thread_id: `thread-${Date.now()}` } }; // thread_id = conversation id
const first = await invokeWithConversation(
  agent,
  { messages: [new HumanMessage('Weather in Paris?')] },
  config,
);
const second = await invokeWithConversation(agent, { messages: [new HumanMessage('And in Lyon?')] }, config);
const last = (r: typeof first) => r.messages.at(-1)?.content;
console.log(
  JSON.stringify({ thread: config.configurable.thread_id, first: last(first), second: last(second) }),
);
