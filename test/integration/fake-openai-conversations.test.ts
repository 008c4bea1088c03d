/**
 * Conversations API of the fake against the real `openai` client: CRUD, item listing/pagination, and the
 * server-side state that `/responses` calls with `conversation` build (appends, locking, exclusivity).
 */
import OpenAI, { type APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';

let fake: FakeOpenAI;
let client: OpenAI;

useFakeOpenAI((started) => ({ fake, client } = started));

/** Resolves once the fake has received `count` POST /v1/responses requests. */
async function responsesReceived(count: number): Promise<void> {
  while (fake.requests.filter((r) => r.path === '/v1/responses').length < count) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Item summary `type:role-or-call_id` for compact assertions. */
function summary(items: readonly object[]): string[] {
  return items.map((raw) => {
    const item = raw as { type: string; role?: string; call_id?: string };
    return `${item.type}:${item.role ?? item.call_id ?? ''}`;
  });
}

describe('conversations CRUD', () => {
  it('creates, retrieves, updates and deletes a conversation', async () => {
    const created = await client.conversations.create({
      metadata: { topic: 'demo' },
      items: [{ type: 'message', role: 'user', content: 'Hello!' }],
    });
    expect(created.id).toMatch(/^conv_[0-9a-f]{48}$/);
    expect(created.object).toBe('conversation');
    expect(created.metadata).toEqual({ topic: 'demo' });
    const seeded = fake.conversations.get(created.id);
    expect(seeded).toHaveLength(1);
    expect(seeded?.[0]).toMatchObject({
      type: 'message',
      status: 'completed',
      role: 'user',
      content: [{ type: 'input_text', text: 'Hello!' }],
    });
    expect(String(seeded?.[0]?.id)).toMatch(/^msg_/);

    const empty = await client.conversations.create();
    expect(empty.metadata).toEqual({});
    expect(fake.requests.at(-1)?.body).toEqual({});

    expect((await client.conversations.retrieve(created.id)).metadata).toEqual({ topic: 'demo' });
    const updated = await client.conversations.update(created.id, { metadata: { topic: 'changed' } });
    expect(updated.metadata).toEqual({ topic: 'changed' });

    const deleted = await client.conversations.delete(created.id);
    expect(deleted).toMatchObject({ id: created.id, object: 'conversation.deleted', deleted: true });
    expect(fake.conversations.has(created.id)).toBe(false);
    await expect(client.conversations.retrieve(created.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.conversations.delete(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('creates, lists (desc by default, paginated), retrieves and deletes items', async () => {
    const conv = await client.conversations.create();
    const texts = ['a', 'b', 'c', 'd', 'e'];
    const created = await client.conversations.items.create(conv.id, {
      items: texts.map((text) => ({ type: 'message' as const, role: 'user' as const, content: text })),
    });
    expect(created.data).toHaveLength(5);
    const ids = created.data.map((item) => item.id);

    const page = await client.conversations.items.list(conv.id, { limit: 2 });
    expect(page.data.map((item) => item.id)).toEqual([ids[4], ids[3]]);
    expect(page.has_more).toBe(true);
    expect(page.last_id).toBe(ids[3]);
    const next = await client.conversations.items.list(conv.id, { limit: 2, after: page.last_id });
    expect(next.data.map((item) => item.id)).toEqual([ids[2], ids[1]]);

    const all: string[] = [];
    for await (const item of client.conversations.items.list(conv.id, { limit: 2, order: 'asc' })) {
      all.push(item.id ?? '');
    }
    expect(all).toEqual(ids);

    const one = await client.conversations.items.retrieve(ids[2]!, { conversation_id: conv.id });
    expect(one).toMatchObject({ id: ids[2], type: 'message', content: [{ type: 'input_text', text: 'c' }] });
    const after = await client.conversations.items.delete(ids[2]!, { conversation_id: conv.id });
    expect(after).toMatchObject({ id: conv.id, object: 'conversation' });
    expect(fake.conversations.get(conv.id)?.map((item) => item.id)).toEqual([ids[0], ids[1], ids[3], ids[4]]);
    await expect(
      client.conversations.items.retrieve(ids[2]!, { conversation_id: conv.id }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      client.conversations.items.create(conv.id, {
        items: [{ type: 'message', role: 'user', content: 'x', id: ids[0] } as never],
      }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining(`Duplicate item found with id ${ids[0]}`),
    });
  });

  it('rejects bad item and metadata payloads naming the field', async () => {
    const conv = await client.conversations.create();
    await expect(client.conversations.update(conv.id, {} as never)).rejects.toMatchObject({
      status: 400,
      param: 'metadata',
      code: 'missing_required_parameter',
    });
    await expect(client.conversations.create({ metadata: { n: 1 } as never })).rejects.toMatchObject({
      status: 400,
      param: 'metadata.n',
    });
    await expect(client.conversations.items.list(conv.id, { limit: 0 })).rejects.toMatchObject({
      param: 'limit',
    });
  });
});

describe('responses with a conversation', () => {
  it('appends input then output items after each turn, never duplicating', async () => {
    const conv = await client.conversations.create();
    const seen: string[][] = [];
    fake.setResponder((call) => {
      seen.push(call.messages.map((m) => `${m.role}:${m.text}`));
      return { text: `answer ${seen.length}` };
    });
    const first = await client.responses.create({
      model: 'gpt-4.1',
      instructions: 'Be brief.',
      input: [{ role: 'user', content: 'one' }],
      conversation: conv.id,
    });
    expect(first.conversation).toEqual({ id: conv.id });
    expect(first.previous_response_id).toBeNull();
    await client.responses.create({ model: 'gpt-4.1', input: 'two', conversation: { id: conv.id } });
    expect(seen[1]).toEqual(['user:one', 'assistant:answer 1', 'user:two']);
    const items = fake.conversations.get(conv.id) ?? [];
    expect(summary(items)).toEqual([
      'message:user',
      'message:assistant',
      'message:user',
      'message:assistant',
    ]);
    expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
    expect(items[1]?.id).toBe(first.output[0]?.id);
    expect(items.some((item) => JSON.stringify(item).includes('Be brief.'))).toBe(false);
    const listed = await client.conversations.items.list(conv.id, { order: 'asc' });
    expect(listed.data.map((item) => item.id)).toEqual(items.map((item) => item.id));
  });

  it('stores a tool-call turn as function_call then function_call_output', async () => {
    const conv = await client.conversations.create();
    fake.script(
      { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' }, callId: 'call_abc' }] },
      { text: '18C' },
    );
    await client.responses.create({ model: 'gpt-4.1', input: 'weather?', conversation: conv.id });
    const done = await client.responses.create({
      model: 'gpt-4.1',
      input: [{ type: 'function_call_output', call_id: 'call_abc', output: '{"temp_c":18}' }],
      conversation: conv.id,
    });
    expect(done.output_text).toBe('18C');
    expect(summary(fake.conversations.get(conv.id) ?? [])).toEqual([
      'message:user',
      'function_call:call_abc',
      'function_call_output:call_abc',
      'message:assistant',
    ]);
    const resent = fake.conversations.get(conv.id)?.[0];
    await expect(
      client.responses.create({ model: 'gpt-4.1', input: [resent as never], conversation: conv.id }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Duplicate item found') });
    expect(fake.conversations.get(conv.id)).toHaveLength(4);
  });

  it('echoes the conversation on stream events and appends only after completion', async () => {
    const conv = await client.conversations.create();
    fake.script({ text: 'slow answer', delayMs: 1000 });
    const pending = client.responses.create({
      model: 'gpt-4.1',
      input: 'hi',
      conversation: conv.id,
      stream: true,
    });
    await responsesReceived(1);
    expect((await client.conversations.items.list(conv.id)).data).toEqual([]);
    const events = [];
    for await (const event of await pending) events.push(event);
    const created = events[0];
    const completed = events.at(-1);
    if (created?.type !== 'response.created' || completed?.type !== 'response.completed')
      throw new Error('order');
    expect(created.response.conversation).toEqual({ id: conv.id });
    expect(completed.response.conversation).toEqual({ id: conv.id });
    expect(summary(fake.conversations.get(conv.id) ?? [])).toEqual(['message:user', 'message:assistant']);
  });

  it('commits items and releases the lock before the terminal event reaches the client', async () => {
    const slow = await startFakeOpenAI({ chunkDelayMs: 40 });
    try {
      const c = new OpenAI({ baseURL: slow.baseURL, apiKey: 'sk-test', maxRetries: 0 });
      const conv = await c.conversations.create();
      const stream = await c.responses.create({
        model: 'm',
        input: 'one',
        conversation: conv.id,
        stream: true,
      });
      let followUp: string | undefined;
      for await (const event of stream) {
        if (event.type === 'response.completed') {
          expect(slow.conversations.get(conv.id)).toHaveLength(2);
          followUp = (await c.responses.create({ model: 'm', input: 'two', conversation: conv.id }))
            .output_text;
        }
      }
      expect(followUp).toBe('echo: two');
      expect(slow.conversations.get(conv.id)).toHaveLength(4);
    } finally {
      await slow.close();
    }
  });

  it('does not append anything when the stream fails mid-way', async () => {
    const conv = await client.conversations.create();
    fake.script({ text: 'a b c d', streamErrorAfter: 2 });
    const stream = await client.responses.create({
      model: 'm',
      input: 'x',
      conversation: conv.id,
      stream: true,
    });
    await expect(async () => {
      for await (const _event of stream) {
        // drain until the error event throws
      }
    }).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(fake.conversations.get(conv.id)).toEqual([]);
  });

  it('rejects previous_response_id with conversation (400 mutually_exclusive_parameters), before existence checks', async () => {
    const conv = await client.conversations.create();
    const first = await client.responses.create({ model: 'm', input: 'x' });
    const error = await client.responses
      .create({ model: 'm', input: 'y', conversation: conv.id, previous_response_id: first.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: 'mutually_exclusive_parameters',
      type: 'invalid_request_error',
    });
    const body = fake.requests.at(-1);
    expect(body?.path).toBe('/v1/responses');
    await expect(
      client.responses.create({
        model: 'm',
        input: 'y',
        conversation: 'conv_x',
        previous_response_id: 'resp_x',
      }),
    ).rejects.toMatchObject({ status: 400, code: 'mutually_exclusive_parameters' });
    expect(fake.conversations.get(conv.id)).toEqual([]);
  });

  it('answers 404 for an unknown conversation id', async () => {
    const error = await client.responses
      .create({ model: 'm', input: 'x', conversation: 'conv_doesnotexist' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as APIError).message).toContain("Conversation with id 'conv_doesnotexist' not found.");
  });

  it('locks a conversation while a response is in flight (400 conversation_locked)', async () => {
    const conv = await client.conversations.create();
    fake.script({ text: 'first', delayMs: 1000 }, { text: 'third' });
    const slow = client.responses.create({ model: 'm', input: 'one', conversation: conv.id });
    await responsesReceived(1);
    await expect(
      client.responses.create({ model: 'm', input: 'two', conversation: conv.id }),
    ).rejects.toMatchObject({
      status: 400,
      code: 'conversation_locked',
      param: 'conversation',
    });
    expect((await slow).output_text).toBe('first');
    expect(
      (await client.responses.create({ model: 'm', input: 'three', conversation: conv.id })).output_text,
    ).toBe('third');
    expect(summary(fake.conversations.get(conv.id) ?? [])).toHaveLength(4);
  });

  it('releases the lock and stores nothing when the client aborts a hung stream', async () => {
    const conv = await client.conversations.create();
    fake.script({ text: 'never finishes here', hangAfter: 1 });
    const controller = new AbortController();
    const stream = await client.responses.create(
      { model: 'm', input: 'x', conversation: conv.id, stream: true },
      { signal: controller.signal },
    );
    const types: string[] = [];
    const consume = (async () => {
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === 'response.output_text.delta') controller.abort();
      }
    })();
    await consume.catch(() => undefined);
    expect(types.filter((t) => t === 'response.output_text.delta')).toHaveLength(1);
    expect(types).not.toContain('response.completed');
    // The server notices the disconnect, releases the lock and appends nothing.
    let next: OpenAI.Responses.Response | undefined;
    for (let attempt = 0; attempt < 50 && !next; attempt++) {
      next = await client.responses
        .create({ model: 'm', input: 'again', conversation: conv.id })
        .catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return undefined;
        });
    }
    expect(next?.output_text).toBe('echo: again');
    expect(summary(fake.conversations.get(conv.id) ?? [])).toEqual(['message:user', 'message:assistant']);
  });
});
