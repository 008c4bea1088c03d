/**
 * A TypeScript agent and a Python (pydantic-ai) service sharing one conversation: turn 1 here, turn 2
 * in `service.py` (the history goes over as pydantic-ai JSON and comes back with its messages), turn 3
 * here again. One `conversation_id`, three runs, one conversation in the inspector or Jaeger.
 *
 *   node examples/python-interop/agent.ts http://127.0.0.1:8000
 */
import { Agent, OpenAIResponsesModel, parseMessages, setupTracing } from 'convtrace';
import OpenAI from 'openai';

const service = process.argv[2] ?? 'http://127.0.0.1:8000';
const tracing = setupTracing({ serviceName: 'ts-agent' });
const agent = new Agent({
  name: 'ts-agent',
  model: new OpenAIResponsesModel('gpt-4.1', { client: new OpenAI() }),
});

const turn1 = await agent.run('Hello from TypeScript');
const res = await fetch(`${service}/chat`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ messages: turn1.allMessages(), prompt: 'Hello from Python' }),
});
if (!res.ok) throw new Error(`${service}/chat answered ${res.status}`);
const turn3 = await agent.run('Back in TypeScript', { messageHistory: parseMessages(await res.text()) });

const messages = turn3.allMessages();
console.log(
  JSON.stringify({
    conversationId: turn3.conversationId,
    conversationIds: [...new Set(messages.map((m) => m.conversation_id))],
    runIds: [...new Set(messages.map((m) => m.run_id))],
    output: turn3.output,
  }),
);
await tracing.shutdown();
