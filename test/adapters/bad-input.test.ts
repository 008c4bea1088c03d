import { describe, expect, it } from 'vitest';
import { handleAgUiRequest } from '../../src/adapters/ag-ui/handler.ts';
import { handleVercelAiChatRequest } from '../../src/adapters/vercel-ai/handler.ts';
import { Agent } from '../../src/agent/agent.ts';
import { TestModel } from '../../src/testing/index.ts';

const agent = new Agent({ name: 'bad', model: new TestModel() });
const post = (body: unknown, raw = false) =>
  new Request('http://127.0.0.1/', { method: 'POST', body: raw ? (body as string) : JSON.stringify(body) });

async function errorOf(res: Response): Promise<{ status: number; field: string; message: string }> {
  expect(res.headers.get('content-type')).toContain('application/json');
  const { error } = (await res.json()) as { error: { field: string; message: string } };
  return { status: res.status, ...error };
}

const user = { id: 'u', role: 'user', content: 'hi' };
const agUi = { threadId: 't', runId: 'r', messages: [user] };
const uiUser = { id: 'u', role: 'user', parts: [{ type: 'text', text: 'hi' }] };

describe('AG-UI request validation', () => {
  it.each([
    ['a missing threadId', { runId: 'r', messages: [user] }, 'threadId'],
    ['a numeric runId', { ...agUi, runId: 7 }, 'runId'],
    ['messages not an array', { ...agUi, messages: {} }, 'messages'],
    [
      'an unknown role',
      { ...agUi, messages: [{ id: 'x', role: 'robot', content: 'x' }] },
      'messages[0].role',
    ],
    [
      'a tool message without toolCallId',
      { ...agUi, messages: [{ id: 'x', role: 'tool', content: 'x' }] },
      'messages[0].toolCallId',
    ],
    [
      'a non-string tool-call argument',
      {
        ...agUi,
        messages: [
          {
            id: 'a',
            role: 'assistant',
            toolCalls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: {} } }],
          },
          user,
        ],
      },
      'messages[0].toolCalls[0].function.arguments',
    ],
    ['no messages', { ...agUi, messages: [] }, 'messages'],
    [
      'a trailing assistant message',
      { ...agUi, messages: [user, { id: 'a', role: 'assistant', content: 'x' }] },
      'messages[1].role',
    ],
    ['an over-long threadId', { ...agUi, threadId: 'x'.repeat(300) }, 'threadId'],
  ])('%s → 400 naming %s', async (_name, body, field) => {
    const err = await errorOf(await handleAgUiRequest(agent, post(body)));
    expect(err).toMatchObject({ status: 400, field });
    expect(err.message.length).toBeGreaterThan(0);
  });

  it('invalid JSON and an empty body → 400 naming body', async () => {
    expect(await errorOf(await handleAgUiRequest(agent, post('{"threadId":', true)))).toMatchObject({
      status: 400,
      field: 'body',
    });
    expect(await errorOf(await handleAgUiRequest(agent, post('', true)))).toMatchObject({
      status: 400,
      field: 'body',
    });
  });

  it('a body over maxBodyBytes → 413', async () => {
    const res = await handleAgUiRequest(agent, post({ ...agUi, pad: 'x'.repeat(2000) }), {
      maxBodyBytes: 1000,
    });
    expect(await errorOf(res)).toMatchObject({ status: 413, field: 'body' });
  });

  it('GET → 405 with Allow: POST', async () => {
    const res = await handleAgUiRequest(agent, new Request('http://127.0.0.1/'));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('accepts the snake_case aliases pydantic-ai accepts', async () => {
    const res = await handleAgUiRequest(agent, post({ thread_id: 'snake', run_id: 'r', messages: [user] }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('"threadId":"snake"');
  });
});

describe('Vercel AI chat request validation', () => {
  it.each([
    ['a missing id', { messages: [uiUser] }, 'id'],
    ['a bad role', { id: 'c', messages: [{ ...uiUser, role: 'tool' }] }, 'messages[0].role'],
    ['parts not an array', { id: 'c', messages: [{ ...uiUser, parts: 'hi' }] }, 'messages[0].parts'],
    [
      'a text part without text',
      { id: 'c', messages: [{ ...uiUser, parts: [{ type: 'text' }] }] },
      'messages[0].parts[0].text',
    ],
    [
      'a tool part without toolCallId',
      {
        id: 'c',
        messages: [{ id: 'a', role: 'assistant', parts: [{ type: 'tool-x', state: 'output-available' }] }],
      },
      'messages[0].parts[0].toolCallId',
    ],
    ['an unknown trigger', { id: 'c', messages: [uiUser], trigger: 'resume' }, 'trigger'],
    ['no messages', { id: 'c', messages: [] }, 'messages'],
    [
      'a trailing assistant message without tool outputs',
      { id: 'c', messages: [uiUser, { id: 'a', role: 'assistant', parts: [{ type: 'text', text: 'x' }] }] },
      'messages[1]',
    ],
  ])('%s → 400 naming %s', async (_name, body, field) => {
    const err = await errorOf(await handleVercelAiChatRequest(agent, post(body)));
    expect(err).toMatchObject({ status: 400, field });
  });

  it('GET → 405', async () => {
    expect((await handleVercelAiChatRequest(agent, new Request('http://127.0.0.1/'))).status).toBe(405);
  });
});
