/**
 * `npm start`: the demo. Starts the inspector (built-in OTLP receiver + web page on 127.0.0.1), a
 * downstream HTTP service in its own process (`--import convtrace/register`), and runs a scripted
 * conversation — tools, streaming, a fork — on the local OpenAI (or the real API when
 * OPENAI_API_KEY is set). Prints the terminal timeline and the page URL.
 *
 * Flags: `--once` exits after printing; `--port N` / `--receiver-port N` (0 = any free port);
 * `--data-dir DIR` (default .convtrace, the directory `convtrace conversations` / `show` / `serve` read).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Agent, type ModelMessage, OpenAIResponsesModel, setupTracing, tool } from 'convtrace';
import {
  assembleConversation,
  DEFAULT_DATA_DIR,
  renderConversationText,
  startInspector,
} from 'convtrace/inspect';
import OpenAI from 'openai';
import { z } from 'zod';
import { type FakeModelCall, type FakeReply, startFakeOpenAI } from '../test/support/fake-openai/index.ts';

const { values: args } = parseArgs({
  options: {
    once: { type: 'boolean', default: false },
    port: { type: 'string', default: '4319' },
    'receiver-port': { type: 'string', default: '4318' },
    'data-dir': { type: 'string', default: DEFAULT_DATA_DIR },
  },
});
const root = fileURLToPath(new URL('..', import.meta.url));

const start = (port: number, receiverPort: number) =>
  startInspector({ port, receiverPort, dataDir: args['data-dir'] });
// The default ports may be taken (a collector on 4318): fall back to free ones rather than fail.
const inspector = await start(Number(args.port), Number(args['receiver-port'])).catch(
  (err: NodeJS.ErrnoException) => {
    if (err?.code !== 'EADDRINUSE') throw err;
    console.log('default ports busy; using free ones');
    return start(0, 0);
  },
);
const endpoint = inspector.receiverUrl!;
// Also instruments fetch, so the tool's call to the downstream service carries the run's baggage.
const tracing = setupTracing({ serviceName: 'travel-agent', endpoint: `${endpoint}/v1/traces` });

// A downstream service that knows nothing about agents: the ids reach it as W3C baggage.
const downstream: ChildProcess = spawn(
  process.execPath,
  ['--import', 'convtrace/register', 'test/fixtures/services/downstream.mjs'],
  {
    cwd: root,
    env: {
      ...process.env,
      OTEL_SERVICE_NAME: 'inventory-service',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
// The downstream service never outlives the demo: Ctrl-C, SIGTERM, or a crash.
let shutdown = async (): Promise<void> => {
  downstream.kill('SIGTERM');
  await inspector.close();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void shutdown().finally(() => process.exit(0)));
process.once('exit', () => downstream.kill('SIGTERM'));
const [line] = (await once(createInterface({ input: downstream.stdout! }), 'line')) as [string];
const inventoryUrl = `http://127.0.0.1:${JSON.parse(line).port}`;

const realApi = Boolean(process.env.OPENAI_API_KEY);
/** The local OpenAI's script: check availability for the city a user names, then answer from the result. */
function travelResponder(call: FakeModelCall): FakeReply {
  const last = call.lastMessage;
  if (last?.role === 'tool') return { text: `Good news: ${last.text}. Shall I book it?` };
  const city = /\b(Lisbon|Porto|Madrid|Rome|Paris)\b/.exec(call.lastUserText ?? '')?.[1];
  if (city && call.tools.length > 0)
    return { toolCalls: [{ name: 'check_availability', arguments: { city } }] };
  return { text: 'Done: your room is booked. Have a great trip!' };
}
const fake = realApi ? undefined : await startFakeOpenAI({ responder: travelResponder });
const client = realApi ? new OpenAI() : new OpenAI({ baseURL: fake!.baseURL, apiKey: 'sk-demo' });
const agent = new Agent({
  name: 'travel-agent',
  model: new OpenAIResponsesModel(realApi ? 'gpt-4.1-mini' : 'gpt-4.1', { client }),
  instructions: 'You plan trips. Use the tool to check hotel availability.',
  tools: [
    tool({
      name: 'check_availability',
      description: 'Hotel rooms free in a city',
      parameters: z.object({ city: z.string() }),
      execute: async ({ city }) => {
        const res = await fetch(`${inventoryUrl}/availability?city=${encodeURIComponent(city)}`);
        return res.ok ? `rooms available in ${city}` : `inventory error ${res.status}`;
      },
    }),
  ],
});

const say = (who: string, text: string) => console.log(`${who.padEnd(9)} ${text}`);
let history: ModelMessage[] = [];
const turn = async (prompt: string, stream: boolean, conversationId?: string) => {
  say('user', prompt);
  if (!stream) {
    const r = await agent.run(prompt, { messageHistory: history, conversationId });
    say('assistant', r.output);
    return r;
  }
  const s = agent.runStream(prompt, { messageHistory: history, conversationId });
  process.stdout.write('assistant ');
  for await (const delta of s) process.stdout.write(delta);
  process.stdout.write('\n');
  return s.result;
};

const t1 = await turn('Find me a hotel in Lisbon for May.', false);
history = t1.allMessages();
const t2 = await turn('Great. What about Porto the week after?', true);
const fork = await turn('Actually, plan Madrid instead.', false, 'new');
history = t2.allMessages();
await turn('Book it, please.', true);

await tracing.forceFlush();
const conversationId = t1.conversationId;
// Wait until the downstream service's spans (sent from its own process) have arrived too.
for (let i = 0; i < 50; i++) {
  const spans = await inspector.source.conversationSpans(conversationId);
  if (spans.filter((s) => s.serviceName === 'inventory-service').length >= 4) break;
  await new Promise((r) => setTimeout(r, 100));
}
const conversation = assembleConversation(
  await inspector.source.conversationSpans(conversationId),
  conversationId,
);
console.log();
if (conversation) {
  console.log(
    renderConversationText(conversation, {
      width: process.stdout.columns || 100,
      color: Boolean(process.stdout.isTTY),
    }),
  );
}
console.log(`\nfork: conversation ${fork.conversationId}`);
console.log(`inspector: ${inspector.conversationUrl(conversationId)}`);
console.log(`OTLP receiver: ${endpoint}  (point OTEL_EXPORTER_OTLP_ENDPOINT here)`);

shutdown = async () => {
  downstream.kill('SIGTERM');
  await tracing.shutdown();
  await fake?.close();
  await inspector.close();
};
if (args.once) await shutdown();
else console.log('Ctrl-C to stop.');
