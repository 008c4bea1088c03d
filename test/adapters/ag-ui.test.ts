import { type BaseEvent, EventType, HttpAgent } from '@ag-ui/client';
import { EventSchema } from '@ag-ui/core/schemas';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { handleAgUiRequest } from '../../src/adapters/ag-ui/handler.ts';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { ATTR_GEN_AI_AGENT_CALL_ID, ATTR_GEN_AI_CONVERSATION_ID } from '../../src/conversation/keys.ts';
import { ATTR_AG_UI_RUN_ID, ATTR_AG_UI_THREAD_ID } from '../../src/semconv/attributes.ts';
import { captureSpans, FunctionModel, TestModel } from '../../src/testing/index.ts';
import { parseSse, serve, type TestServer } from './support/server.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());
beforeEach(() => capture.reset());

const weather = tool({
  name: 'get_weather',
  description: 'Current weather',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, temp_c: 18 }),
});

function weatherAgent(): Agent {
  return new Agent({ name: 'weather', model: new TestModel(), tools: [weather] });
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every event the client received, in order, plus any enforcement warnings it printed. */
async function runClient(agent: HttpAgent, runId?: string) {
  const events: BaseEvent[] = [];
  const warn = vi.spyOn(console, 'warn');
  try {
    const result = await agent.runAgent(runId ? { runId } : {}, {
      onEvent: ({ event }) => {
        events.push(event);
      },
    });
    const warnings = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('[ag-ui]'));
    return { result, events, warnings };
  } finally {
    warn.mockRestore();
  }
}

describe('handleAgUiRequest with the real @ag-ui/client HttpAgent', () => {
  it('runs two turns on one threadId: events verified, both runs share gen_ai.conversation.id == threadId', async () => {
    server = await serve((req) => handleAgUiRequest(weatherAgent(), req));
    const client = new HttpAgent({ url: server.url, threadId: 'thread-abc' });
    client.addMessage({ id: 'u1', role: 'user', content: 'Weather in Paris?' });
    const first = await runClient(client, 'ag-run-1');
    expect(first.warnings).toEqual([]);
    const types = first.events.map((e) => e.type);
    expect(types[0]).toBe(EventType.RUN_STARTED);
    expect(types.at(-1)).toBe(EventType.RUN_FINISHED);
    expect(types).toContain(EventType.TOOL_CALL_START);
    expect(types).toContain(EventType.TOOL_CALL_RESULT);
    expect(types).toContain(EventType.TEXT_MESSAGE_CONTENT);
    const started = first.events[0] as BaseEvent & { threadId: string; runId: string };
    expect([started.threadId, started.runId]).toEqual(['thread-abc', 'ag-run-1']);
    // The client rebuilt the conversation: assistant tool call, tool result, assistant text.
    expect(client.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'tool', 'assistant']);
    const toolMsg = client.messages[2] as { content: string };
    expect(JSON.parse(toolMsg.content)).toEqual({ city: 'a', temp_c: 18 });

    client.addMessage({ id: 'u2', role: 'user', content: 'And tomorrow?' });
    const second = await runClient(client, 'ag-run-2');
    expect(second.warnings).toEqual([]);
    expect(second.events.at(-1)?.type).toBe(EventType.RUN_FINISHED);

    const roots = capture.spansNamed('invoke_agent weather');
    expect(roots).toHaveLength(2);
    expect(roots.map((s) => s.attributes[ATTR_GEN_AI_CONVERSATION_ID])).toEqual(['thread-abc', 'thread-abc']);
    expect(roots.map((s) => s.attributes[ATTR_AG_UI_RUN_ID])).toEqual(['ag-run-1', 'ag-run-2']);
    expect(roots.map((s) => s.attributes[ATTR_AG_UI_THREAD_ID])).toEqual(['thread-abc', 'thread-abc']);
    // AG-UI's runId is not our run id.
    for (const r of roots) expect(r.attributes[ATTR_GEN_AI_AGENT_CALL_ID]).not.toMatch(/^ag-run/);
    // Every span of both runs carries the thread's conversation id; tools ran in execute_tool spans.
    for (const s of capture.spans()) expect(s.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe('thread-abc');
    expect(capture.spansNamed('execute_tool get_weather')).toHaveLength(2);
  });

  it('an explicit conversationId overrides threadId (upstream test 12)', async () => {
    server = await serve((req) =>
      handleAgUiRequest(weatherAgent(), req, { conversationId: 'explicit-conv-id' }),
    );
    const client = new HttpAgent({ url: server.url, threadId: 'thread-xyz' });
    client.addMessage({ id: 'u1', role: 'user', content: 'hi' });
    const { events } = await runClient(client);
    expect((events[0] as BaseEvent & { threadId: string }).threadId).toBe('thread-xyz');
    const root = capture.spansNamed('invoke_agent weather')[0]!;
    expect(root.attributes[ATTR_GEN_AI_CONVERSATION_ID]).toBe('explicit-conv-id');
    expect(root.attributes[ATTR_AG_UI_THREAD_ID]).toBe('thread-xyz');
  });

  it('an agent error becomes RUN_ERROR, which the client accepts as the run outcome', async () => {
    const model = new FunctionModel(() => 'x', {
      stream: async function* () {
        yield 'partial ';
        throw new Error('upstream 429');
      },
    });
    server = await serve((req) => handleAgUiRequest(new Agent({ name: 'boom', model }), req));
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        threadId: 't',
        runId: 'r',
        messages: [{ id: 'u', role: 'user', content: 'hi' }],
      }),
    });
    expect(res.status).toBe(200);
    const events = parseSse(await res.text()) as Array<{ type: string; message?: string }>;
    expect(events.map((e) => e.type)).toEqual([
      'RUN_STARTED',
      'TEXT_MESSAGE_START',
      'TEXT_MESSAGE_CONTENT',
      'TEXT_MESSAGE_END',
      'RUN_ERROR',
    ]);
    expect(events.at(-1)?.message).toBe('upstream 429');
    for (const e of events) expect(EventSchema.safeParse(e).success).toBe(true);
  });
});
