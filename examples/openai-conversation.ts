/**
 * Continue one OpenAI conversation (Conversations API) across runs and processes: the history is
 * saved as JSON between turns, and `openaiConversationId: 'auto'` finds the `conv_…` on it, so OpenAI
 * only ever receives the new items. Run against the real API with OPENAI_API_KEY, or any
 * OpenAI-compatible base URL with OPENAI_BASE_URL.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { Agent, OpenAIResponsesModel, parseMessages, setupTracing } from 'convtrace';
import OpenAI from 'openai';

const file = process.argv[2] ?? 'history.json';
const prompt = process.argv[3] ?? 'Remember the code PAI-42.';
const tracing = setupTracing({ serviceName: 'openai-conversation' });
const client = new OpenAI();
const agent = new Agent({ name: 'assistant', model: new OpenAIResponsesModel('gpt-4.1', { client }) });

// First turn: create the OpenAI conversation; later turns: load the saved history and say 'auto'.
const saved = await readFile(file, 'utf8').catch(() => null);
const history = saved ? parseMessages(saved) : [];
const openaiConversationId = saved ? 'auto' : (await client.conversations.create()).id;

const result = await agent.run(prompt, { messageHistory: history, modelSettings: { openaiConversationId } });
await writeFile(file, JSON.stringify(result.allMessages()));
console.log(JSON.stringify({ output: result.output, conversationId: result.conversationId }));
await tracing.shutdown();
