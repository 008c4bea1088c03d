/**
 * Error paths of the fake against the real `openai` client: auth, the error envelope and the SDK's error
 * classes, retries, mid-stream failures (error event and cut socket), aborts and timeouts.
 */
import OpenAI, { type APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';

let fake: FakeOpenAI;
let client: OpenAI;

useFakeOpenAI((started) => ({ fake, client } = started), { apiKey: 'sk-test' });

async function drain(stream: AsyncIterable<unknown>): Promise<unknown[]> {
  const seen: unknown[] = [];
  for await (const event of stream) seen.push(event);
  return seen;
}

describe('auth', () => {
  it('answers 401 invalid_api_key for a wrong key', async () => {
    const wrong = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-wrong-key-123456', maxRetries: 0 });
    const error = await wrong.responses.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', type: 'invalid_request_error' });
    expect((error as APIError).message).not.toContain('sk-wrong-key-123456');
  });

  it('answers 401 with the OpenAI envelope when the Authorization header is missing', async () => {
    const res = await fetch(`${fake.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'x' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
    expect(body.error.type).toBe('invalid_request_error');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('error envelope and client error classes', () => {
  it.each([
    [400, OpenAI.BadRequestError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [409, OpenAI.ConflictError],
    [422, OpenAI.UnprocessableEntityError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
    [503, OpenAI.InternalServerError],
  ] as const)('scripted %i maps to its APIError subclass', async (status, ErrorClass) => {
    fake.script({ error: { status, code: `code_${status}`, param: 'input', message: `boom ${status}` } });
    const error = await client.responses.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const apiError = error as APIError;
    expect(apiError.status).toBe(status);
    expect(apiError.code).toBe(`code_${status}`);
    expect(apiError.param).toBe('input');
    expect(apiError.message).toBe(`${status} boom ${status}`);
    expect(apiError.requestID).toMatch(/^req_[0-9a-f]{32}$/);
    expect(apiError.headers?.get('x-should-retry')).toBe('false');
  });

  it('sends retry-after headers on 429 and lets the client retry when allowed', async () => {
    fake.script({ error: { status: 429 } });
    const error = (await client.responses
      .create({ model: 'm', input: 'x' })
      .catch((e: unknown) => e)) as APIError;
    expect(error.type).toBe('rate_limit_exceeded');
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers?.get('retry-after')).toBe('1');
    expect(error.headers?.get('retry-after-ms')).toBe('1000');

    const retrying = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 1 });
    fake.reset();
    fake.script({ error: { status: 429, shouldRetry: true, retryAfterMs: 10 } }, { text: 'after retry' });
    const ok = await retrying.responses.create({ model: 'm', input: 'x' });
    expect(ok.output_text).toBe('after retry');
    expect(fake.requests.map((r) => r.headers['x-stainless-retry-count'])).toEqual(['0', '1']);
  });

  it('validates requests: missing model, unknown route, malformed JSON', async () => {
    await expect(client.responses.create({ input: 'x' } as never)).rejects.toMatchObject({
      status: 400,
      param: 'model',
      code: 'missing_required_parameter',
    });
    await expect(client.chat.completions.create({ model: 'm', messages: [] })).rejects.toMatchObject({
      status: 400,
      param: 'messages',
    });
    await expect(client.get('/nope')).rejects.toMatchObject({
      status: 404,
      message: '404 Invalid URL (GET /v1/nope)',
    });
    const res = await fetch(`${fake.baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(res.status).toBe(400);
    expect(fake.requests.at(-1)?.body).toBeUndefined();
    expect(fake.requests.at(-1)?.rawBody).toBe('{not json');
  });

  it('rejects an invalid scripted reply with a TypeError naming the field', () => {
    expect(() => fake.script({ delayMs: -1 })).toThrow(/FakeReply\.delayMs/);
    expect(() => fake.script({ toolCalls: [{ name: '' }] })).toThrow(/toolCalls\[0\]\.name/);
    expect(fake.pendingReplies).toBe(0);
  });

  it('reports a failing responder as a 500 with the reason', async () => {
    fake.setResponder(() => {
      throw new Error('responder exploded');
    });
    await expect(client.responses.create({ model: 'm', input: 'x' })).rejects.toMatchObject({
      status: 500,
      message: expect.stringContaining('responder exploded'),
    });
  });
});

describe('mid-stream failures', () => {
  it('Responses: an error event after N deltas throws APIError from the iterator', async () => {
    fake.script({
      text: 'a b c d e',
      streamErrorAfter: 2,
      streamError: { code: 'insufficient_quota', message: 'quota' },
    });
    const stream = await client.responses.create({ model: 'm', input: 'x', stream: true });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ status: undefined, code: 'insufficient_quota' });
    expect(seen.filter((t) => t === 'response.output_text.delta')).toHaveLength(2);
    expect(seen).not.toContain('response.completed');
  });

  it('Responses: the wire carries error then response.failed', async () => {
    fake.script({ text: 'a b c', streamErrorAfter: 1 });
    const res = await fetch(`${fake.baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: 'x', stream: true }),
    });
    const events = (await res.text()).match(/^event: .+$/gm) ?? [];
    expect(events.slice(-2)).toEqual(['event: error', 'event: response.failed']);
  });

  it('Responses: responses.stream() rejects finalResponse() on a mid-stream error', async () => {
    fake.script({ text: 'a b c d', streamErrorAfter: 1 });
    await expect(client.responses.stream({ model: 'm', input: 'x' }).finalResponse()).rejects.toBeInstanceOf(
      OpenAI.APIError,
    );
  });

  it('Chat: a data error payload after N deltas throws APIError', async () => {
    fake.script({ text: 'one two three', streamErrorAfter: 1 });
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    const error = await drain(stream).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ code: 'server_error' });
  });

  it('a cut socket surfaces as an error, not a clean end', async () => {
    fake.script({ text: 'a b c d', streamErrorAfter: 2, streamError: { mode: 'cut' } });
    const stream = await client.responses.create({ model: 'm', input: 'x', stream: true });
    await expect(drain(stream)).rejects.toThrow();
    fake.script({ text: 'a b c d', streamErrorAfter: 1, streamError: { mode: 'cut' } });
    const chat = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    await expect(drain(chat)).rejects.toThrow();
  });

  it('non-streaming requests with streamErrorAfter get a 500', async () => {
    fake.script({ text: 'x', streamErrorAfter: 0 });
    await expect(client.responses.create({ model: 'm', input: 'x' })).rejects.toBeInstanceOf(
      OpenAI.InternalServerError,
    );
  });
});

describe('abort and timeouts', () => {
  it('aborting a hung stream via AbortSignal stops iteration before completion', async () => {
    fake.script({ text: 'a b c d', hangAfter: 2 });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    const contents: string[] = [];
    const outcome = await (async () => {
      for await (const chunk of stream) {
        contents.push(chunk.choices[0]?.delta.content ?? '');
        if (contents.join('') === 'a b ') controller.abort();
      }
      return 'ended';
    })().catch((e: unknown) => e);
    expect(contents.join('')).toBe('a b ');
    expect(outcome === 'ended' || outcome instanceof Error).toBe(true);
    expect(stream.controller.signal.aborted).toBe(true);
  });

  it('aborting a slow non-streaming request rejects with APIUserAbortError', async () => {
    fake.script({ text: 'late', delayMs: 5000 });
    const controller = new AbortController();
    const pending = client.responses.create({ model: 'm', input: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it('a reply slower than the client timeout rejects with APIConnectionTimeoutError', async () => {
    fake.script({ text: 'late', delayMs: 3000 });
    await expect(
      client.responses.create({ model: 'm', input: 'x' }, { timeout: 100 }),
    ).rejects.toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
  });

  it('close() ends hung connections', async () => {
    const own = await startFakeOpenAI();
    own.script({ text: 'x', hangAfter: 0 });
    const c = new OpenAI({ baseURL: own.baseURL, apiKey: 'k', maxRetries: 0 });
    const pending = c.responses.create({ model: 'm', input: 'x' }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    expect(await pending).toBeInstanceOf(OpenAI.APIConnectionError);
  });
});
