import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serve as honoServe } from '@hono/node-server';
import { SpanStatusCode } from '@opentelemetry/api';
import express from 'express';
import { Hono } from 'hono';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { handleAgUiRequest } from '../../src/adapters/ag-ui/handler.ts';
import { handleVercelAiChatRequest } from '../../src/adapters/vercel-ai/handler.ts';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { ATTR_GEN_AI_CONVERSATION_ID } from '../../src/conversation/keys.ts';
import { toNodeHandler } from '../../src/http/node.ts';
import { captureSpans, FunctionModel, TestModel } from '../../src/testing/index.ts';
import { agUiClient, agUiTurn, chatTurn, userMessage } from './support/clients.ts';
import { serve } from './support/server.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());
beforeEach(() => capture.reset());

const weather = tool({
  name: 'get_weather',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temp_c: 18 }),
});
const newAgent = () => new Agent({ name: 'mounted', model: new TestModel(), tools: [weather] });
const conversationIds = () =>
  capture.spansNamed('invoke_agent mounted').map((s) => s.attributes[ATTR_GEN_AI_CONVERSATION_ID]);

/** Runs one turn of each protocol against `base` (`/ag-ui` and `/api/chat`). */
async function bothProtocols(base: string): Promise<void> {
  const ag = await agUiTurn(agUiClient(`${base}/ag-ui`, 'thread-1'), 'Weather?');
  expect(ag.warnings).toEqual([]);
  expect(ag.events.map((e) => e.type)).toContain('TOOL_CALL_RESULT');
  expect(ag.events.at(-1)?.type).toBe('RUN_FINISHED');
  const reply = await chatTurn(`${base}/api/chat`, 'chat-1', [userMessage('u', 'Weather?')]);
  expect(reply.parts.map((p) => p.type)).toContain('tool-get_weather');
  expect(conversationIds()).toEqual(['thread-1', 'chat-1']);
}

describe('mounting', () => {
  it('Hono (@hono/node-server) serves both protocols', async () => {
    const agent = newAgent();
    const app = new Hono();
    app.post('/ag-ui', (c) => handleAgUiRequest(agent, c.req.raw));
    app.post('/api/chat', (c) => handleVercelAiChatRequest(agent, c.req.raw));
    const server = honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      await bothProtocols(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('Express serves both protocols, also after express.json() consumed the body', async () => {
    const agent = newAgent();
    const app = express();
    app.post(
      '/ag-ui',
      toNodeHandler((req) => handleAgUiRequest(agent, req)),
    );
    app.post(
      '/api/chat',
      express.json(),
      toNodeHandler((req) => handleVercelAiChatRequest(agent, req)),
    );
    const server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await bothProtocols(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('client disconnect', () => {
  /** A model that streams forever (until aborted). */
  const endless = () =>
    new FunctionModel(() => 'unused', {
      stream: async function* (_m, info) {
        for (;;) {
          await new Promise((r) => setTimeout(r, 5));
          info.signal?.throwIfAborted();
          yield 'tick ';
        }
      },
    });

  type Handler = (a: Agent, r: Request) => Promise<Response>;
  const agUi: Handler = (a, r) => handleAgUiRequest(a, r);
  const chat: Handler = (a, r) => handleVercelAiChatRequest(a, r);
  const agUiBody = { threadId: 't', runId: 'r', messages: [{ id: 'u', role: 'user', content: 'go' }] };
  const chatBody = { id: 'c', messages: [userMessage('u', 'go')] };
  /** Serves `fetch` with Hono's node server on 127.0.0.1:0. */
  async function serveHono(fetchHandler: (r: Request) => Promise<Response>) {
    const app = new Hono();
    app.post('/', (c) => fetchHandler(c.req.raw));
    const server = honoServe({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
      close: () => new Promise<void>((r) => server.close(() => r())),
    };
  }

  it.each([
    ['AG-UI on node:http', agUi, agUiBody, serve],
    ['Vercel AI on node:http', chat, chatBody, serve],
    ['AG-UI on Hono', agUi, agUiBody, serveHono],
    ['Vercel AI on Hono', chat, chatBody, serveHono],
  ] as const)(
    '%s: aborting the HTTP request cancels the run and ends its spans',
    async (_name, handler, body, mount) => {
      const agent = new Agent({ name: 'endless', model: endless() });
      const server = await mount((req) => handler(agent, req));
      try {
        const abort = new AbortController();
        const res = await fetch(server.url, {
          method: 'POST',
          body: JSON.stringify(body),
          signal: abort.signal,
        });
        const reader = res.body!.getReader();
        await reader.read(); // the run is streaming
        await reader.read();
        abort.abort();
        await vi.waitFor(() => expect(capture.spansNamed('invoke_agent endless')).toHaveLength(1), {
          timeout: 5000,
        });
        const root = capture.spansNamed('invoke_agent endless')[0]!;
        expect(root.status.code).toBe(SpanStatusCode.ERROR);
        expect(capture.spansNamed('chat function')[0]?.status.code).toBe(SpanStatusCode.ERROR);
      } finally {
        await server.close();
      }
    },
  );
});

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Starts an example server (PORT=0) and resolves with its printed URL. */
async function startExample(file: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [file], {
    cwd: root,
    env: { ...process.env, PORT: '0', OTEL_TRACES_EXPORTER: 'none', OTEL_SDK_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}: ${stderr}`)));
  });
  return { url, child };
}

describe('examples', () => {
  it('examples/ag-ui-server.ts: two HttpAgent turns on one thread', async () => {
    const { url, child } = await startExample('examples/ag-ui-server.ts');
    try {
      const client = agUiClient(url, 'example-thread');
      const first = await agUiTurn(client, 'Weather in Paris?');
      const second = await agUiTurn(client, 'And tomorrow?');
      for (const turn of [first, second]) {
        expect(turn.warnings).toEqual([]);
        expect(turn.events.at(-1)?.type).toBe('RUN_FINISHED');
      }
      expect(client.messages.map((m) => m.role)).toEqual([
        'user',
        'assistant',
        'tool',
        'assistant',
        'user',
        'assistant',
        'tool',
        'assistant',
      ]);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('examples/vercel-ai-server.ts: a useChat turn with a tool call', async () => {
    const { url, child } = await startExample('examples/vercel-ai-server.ts');
    try {
      const reply = await chatTurn(url, 'example-chat', [userMessage('u', 'Weather in Paris?')]);
      const toolPart = reply.parts.find((p) => p.type === 'tool-get_weather') as {
        state: string;
        output: unknown;
      };
      expect(toolPart).toMatchObject({ state: 'output-available', output: { city: 'a', temp_c: 18 } });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
