/**
 * The fake OpenAI server against the real `openai` client: Responses and Chat Completions, JSON and SSE,
 * helpers (`responses.stream()`, `chat.completions.stream()`), scripting and previous_response_id chains.
 */
import type OpenAI from 'openai';
import OpenAIv5 from 'openai-v5';
import OpenAIv6 from 'openai-v6';
import { describe, expect, it } from 'vitest';
import { type FakeOpenAI, toolCallingResponder } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';

let fake: FakeOpenAI;
let client: OpenAI;

useFakeOpenAI((started) => ({ fake, client } = started));

/** Collects every event of a raw Responses stream. */
async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('Responses API, non-streaming', () => {
  it('answers with the default echo of the last user message and faithful fields', async () => {
    const { data, request_id } = await client.responses
      .create({ model: 'gpt-4.1', instructions: 'Be brief.', input: 'hello there' })
      .withResponse();
    expect(data.output_text).toBe('echo: hello there');
    expect(data.id).toMatch(/^resp_[0-9a-f]{50}$/);
    expect(data.object).toBe('response');
    expect(data.status).toBe('completed');
    expect(data.model).toBe('gpt-4.1');
    expect(data.instructions).toBe('Be brief.');
    expect(data.previous_response_id).toBeNull();
    expect(data).toHaveProperty('store', true);
    expect('conversation' in data).toBe(false);
    const message = data.output[0];
    expect(message?.type).toBe('message');
    expect(message?.id).toMatch(/^msg_[0-9a-f]{50}$/);
    expect(data.usage?.input_tokens_details.cached_tokens).toBe(0);
    expect(data.usage?.output_tokens_details.reasoning_tokens).toBe(0);
    expect(data.usage?.total_tokens).toBe((data.usage?.input_tokens ?? 0) + (data.usage?.output_tokens ?? 0));
    expect(request_id).toMatch(/^req_[0-9a-f]{32}$/);
    const recorded = fake.requests.at(-1);
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/responses');
    expect(recorded?.headers.authorization).toBe('Bearer sk-test');
    expect(recorded?.body).toMatchObject({ model: 'gpt-4.1', input: 'hello there' });
  });

  it('serves scripted replies in order with usage overrides, then falls back to the responder', async () => {
    fake.script(
      { text: 'first', usage: { inputTokens: 11, outputTokens: 7, cachedTokens: 3, cacheWriteTokens: 2 } },
      { text: 'second', model: 'gpt-4.1-2025-04-14' },
    );
    expect(fake.pendingReplies).toBe(2);
    const a = await client.responses.create({ model: 'gpt-4.1', input: 'x' });
    const b = await client.responses.create({ model: 'gpt-4.1', input: 'x' });
    const c = await client.responses.create({ model: 'gpt-4.1', input: 'third?' });
    expect([a.output_text, b.output_text, c.output_text]).toEqual(['first', 'second', 'echo: third?']);
    expect(a.usage).toMatchObject({
      input_tokens: 11,
      output_tokens: 7,
      total_tokens: 18,
      input_tokens_details: { cached_tokens: 3, cache_write_tokens: 2 },
    });
    expect(b.usage?.input_tokens_details).not.toHaveProperty('cache_write_tokens');
    expect(b.model).toBe('gpt-4.1-2025-04-14');
    expect(fake.pendingReplies).toBe(0);
  });

  it('returns function_call items for scripted tool calls', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }, { name: 'noop' }] });
    const response = await client.responses.create({ model: 'gpt-4.1', input: 'weather?' });
    const calls = response.output.filter((item) => item.type === 'function_call');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
      status: 'completed',
    });
    expect(calls[0]?.id).toMatch(/^fc_[0-9a-f]{50}$/);
    expect(calls[0]?.call_id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(calls[1]?.arguments).toBe('{}');
    expect(response.output_text).toBe('');
  });

  it('chains previous_response_id through stored responses and retrieves them', async () => {
    const seen: string[][] = [];
    fake.setResponder((call) => {
      seen.push(call.messages.map((m) => `${m.role}:${m.text}`));
      return { text: `turn ${seen.length}` };
    });
    const first = await client.responses.create({ model: 'gpt-4.1', input: 'one' });
    const second = await client.responses.create({
      model: 'gpt-4.1',
      input: 'two',
      previous_response_id: first.id,
    });
    expect(second.previous_response_id).toBe(first.id);
    expect(seen[1]).toEqual(['user:one', 'assistant:turn 1', 'user:two']);
    const retrieved = await client.responses.retrieve(second.id);
    expect(retrieved.output_text).toBe('turn 2');
    expect(fake.responses.has(first.id)).toBe(true);
    const notStored = await client.responses.create({ model: 'gpt-4.1', input: 'x', store: false });
    expect(fake.responses.has(notStored.id)).toBe(false);
    await expect(
      client.responses.create({ model: 'gpt-4.1', input: 'x', previous_response_id: notStored.id }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'previous_response_not_found',
      param: 'previous_response_id',
    });
  });

  it('emits a reasoning item and an incomplete status when scripted', async () => {
    fake.script({ reasoning: 'thinking hard', text: 'partial', incomplete: true });
    const response = await client.responses.create({ model: 'o4-mini', input: 'x' });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.usage?.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });
});

const TEXT_ORDER = [
  'response.created',
  'response.in_progress',
  'response.output_item.added',
  'response.content_part.added',
  'response.output_text.delta',
  'response.output_text.delta',
  'response.output_text.delta',
  'response.output_text.done',
  'response.content_part.done',
  'response.output_item.done',
  'response.completed',
];

describe('Responses API, streaming', () => {
  it('streams text events in the live order with consecutive sequence numbers', async () => {
    fake.script({ text: 'Hello brave world' });
    const stream = await client.responses.create({ model: 'gpt-4.1', input: 'hi', stream: true });
    const events = await collect(stream);
    expect(events.map((e) => e.type)).toEqual(TEXT_ORDER);
    expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(deltas.join('')).toBe('Hello brave world');
    const created = events[0];
    const completed = events.at(-1);
    if (created?.type !== 'response.created' || completed?.type !== 'response.completed')
      throw new Error('order');
    expect(created.response.status).toBe('in_progress');
    expect(created.response.usage).toBeNull();
    expect(completed.response.id).toBe(created.response.id);
    expect(completed.response.usage?.output_tokens).toBeGreaterThan(0);
    expect(fake.requests.at(-1)?.body).toMatchObject({ stream: true });
    expect(fake.responses.get(completed.response.id)?.status).toBe('completed');
  });

  it('streams function calls with argument deltas and no content parts', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const stream = await client.responses.create({ model: 'gpt-4.1', input: 'hi', stream: true });
    const events = await collect(stream);
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
    ]);
    expect(types.slice(-3)).toEqual([
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(types).not.toContain('response.content_part.added');
    const args = events.flatMap((e) =>
      e.type === 'response.function_call_arguments.delta' ? [e.delta] : [],
    );
    expect(args.length).toBeGreaterThan(1);
    expect(args.join('')).toBe('{"city":"Paris"}');
    const added = events[2];
    if (added?.type !== 'response.output_item.added' || added.item.type !== 'function_call')
      throw new Error('item');
    expect(added.item.arguments).toBe('');
    expect(added.item.status).toBe('in_progress');
  });

  it('omits obfuscation when the request disables it', async () => {
    const on = await collect(await client.responses.create({ model: 'm', input: 'a b', stream: true }));
    const off = await collect(
      await client.responses.create({
        model: 'm',
        input: 'a b',
        stream: true,
        stream_options: { include_obfuscation: false },
      }),
    );
    const delta = (events: typeof on) => events.find((e) => e.type === 'response.output_text.delta');
    expect(delta(on)).toHaveProperty('obfuscation');
    expect(delta(off)).not.toHaveProperty('obfuscation');
  });

  it('works with the responses.stream() helper (snapshots and finalResponse)', async () => {
    fake.script({ reasoning: 'plan it', text: 'one two three' });
    const snapshots: string[] = [];
    const stream = client.responses.stream({ model: 'gpt-4.1', input: 'count' });
    stream.on('response.output_text.delta', (event) => snapshots.push(event.snapshot));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('one two three');
    expect(snapshots).toEqual(['one ', 'one two ', 'one two three']);
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(fake.requests.at(-1)?.headers['x-stainless-helper-method']).toBe('stream');
  });
});

describe('Chat Completions', () => {
  it('answers non-streaming requests with a chat.completion object', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(completion.choices[0]?.message.content).toBe('echo: Weather in Paris?');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(0);
    expect(completion.usage?.total_tokens).toBe(
      (completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0),
    );
  });

  it('returns tool_calls with finish_reason tool_calls', async () => {
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
    const completion = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'weather?' }],
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function).toEqual({
      name: 'get_weather',
      arguments: '{"city":"Paris"}',
    });
  });

  it('streams data-only chunks with a final usage chunk when include_usage is set', async () => {
    fake.script({ text: 'alpha beta' });
    const stream = await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'go' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('alpha beta');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const raw = await fetch(`${fake.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true }),
    });
    const body = await raw.text();
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
    expect(body).not.toContain('event:');
    expect(body).not.toContain('"usage"');
  });

  it('streams tool-call deltas that the chat.completions.stream() helper accumulates', async () => {
    fake.script({ toolCalls: [{ name: 'lookup', arguments: { query: 'otel baggage' } }] });
    const stream = client.chat.completions.stream({
      model: 'gpt-4.1-mini',
      messages: [{ role: 'user', content: 'search' }],
      tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('lookup');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({
      query: 'otel baggage',
    });
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('drives a multi-turn tool conversation with toolCallingResponder', async () => {
    fake.setResponder(toolCallingResponder);
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: 'Paris' }];
    const first = await client.chat.completions.create({ model: 'm', messages, tools });
    const call = first.choices[0]?.message.tool_calls?.[0];
    if (call?.type !== 'function') throw new Error('expected a function tool call');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
    messages.push(first.choices[0]!.message, { role: 'tool', tool_call_id: call.id, content: '18C' });
    const second = await client.chat.completions.create({ model: 'm', messages, tools });
    expect(second.choices[0]?.message.content).toBe('tool said: 18C');
  });
});

/** Text of the first message item (openai v5 only derives output_text for parsed formats). */
function firstMessageText(output: ReadonlyArray<{ type: string; content?: unknown }>): string | undefined {
  const message = output.find((item) => item.type === 'message');
  const part = Array.isArray(message?.content)
    ? (message.content[0] as { text?: string } | undefined)
    : undefined;
  return part?.text;
}

describe('older openai clients', () => {
  it('openai v5 streams a Response from the fake', async () => {
    const older = new OpenAIv5({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 });
    fake.script({ text: 'old but gold' });
    const final = await older.responses.stream({ model: 'gpt-4.1', input: 'x' }).finalResponse();
    expect(firstMessageText(final.output)).toBe('old but gold');
    expect(final.status).toBe('completed');
  });

  it('openai v6 streams a Response from the fake', async () => {
    const older = new OpenAIv6({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 });
    fake.script({ text: 'still here' });
    const final = await older.responses.stream({ model: 'gpt-4.1', input: 'x' }).finalResponse();
    expect(firstMessageText(final.output)).toBe('still here');
    expect(final.output_text).toBe('still here');
  });
});
