/**
 * `instrumentOpenAI` against the fake OpenAI server with the real `openai` client (v5, v6 and v7) and
 * the real OTel SDK: one CLIENT `chat {model}` span per logical call, request/response/usage attributes,
 * errors (HTTP, mid-stream), stream lifecycle (completion, break, abort, tee), the SDK's own return
 * objects, baggage ids, and no content or secrets by default.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAIv7 from 'openai';
import OpenAIv5 from 'openai-v5';
import OpenAIv6 from 'openai-v6';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentOpenAI } from '../../src/instrumentation/openai/index.ts';
import type { FakeOpenAI } from '../support/fake-openai/index.ts';
import { useOpenAITracing } from '../support/openai-tracing.ts';

const API_KEY = 'sk-test-SECRET-key-0123456789';
const PROMPT = 'tell me the secret plan about zebras';

type AnyClient = InstanceType<typeof OpenAIv7>;
type ClientCtor = new (opts: Record<string, unknown>) => unknown;

let fake: FakeOpenAI;
const { exporter, provider } = useOpenAITracing((started) => ({ fake } = started));

/** Finished spans, waiting briefly for ends that happen on a later tick (abort listeners). */
async function spans(expected = 1): Promise<ReadableSpan[]> {
  for (let i = 0; i < 50 && exporter.getFinishedSpans().length < expected; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  return exporter.getFinishedSpans();
}

async function onlySpan(): Promise<ReadableSpan> {
  const all = await spans(1);
  expect(all).toHaveLength(1);
  return all[0]!;
}

function allAttributeText(all: ReadableSpan[]): string {
  return JSON.stringify(all.map((s) => s.attributes));
}

const versions: Array<[string, ClientCtor, number]> = [
  ['openai v7', OpenAIv7 as unknown as ClientCtor, 7],
  ['openai-v5', OpenAIv5 as unknown as ClientCtor, 5],
  ['openai-v6', OpenAIv6 as unknown as ClientCtor, 6],
];

describe.each(versions)('%s', (_label, OpenAI, major) => {
  let client: AnyClient;
  let port: number;

  beforeAll(() => {
    client = instrumentOpenAI(
      new OpenAI({ apiKey: API_KEY, baseURL: fake.baseURL, maxRetries: 0 }) as AnyClient,
      { tracerProvider: provider, captureMessageContent: false },
    );
    port = Number(new URL(fake.baseURL).port);
  });
  afterEach(() => {
    // Every test leaves no span open behind it: all started spans are exported.
    expect(exporter.getFinishedSpans().every((s) => s.ended)).toBe(true);
  });

  it('is really the installed major', () => {
    expect((client as unknown as { getUserAgent(): string }).getUserAgent()).toContain(`/JS ${major}.`);
  });

  describe('Responses, non-streaming', () => {
    it('makes one CLIENT chat span with request, response and usage attributes', async () => {
      fake.script({
        text: 'Zebras are striped.',
        model: 'gpt-4.1-2025-04-14',
        usage: { inputTokens: 21, outputTokens: 5, cachedTokens: 4, cacheWriteTokens: 2, reasoningTokens: 1 },
      });
      const res = await client.responses.create({
        model: 'gpt-4.1',
        input: PROMPT,
        instructions: 'Be brief.',
        temperature: 0.2,
        top_p: 0.9,
        max_output_tokens: 64,
        service_tier: 'default',
      });
      expect(res.output_text).toBe('Zebras are striped.');
      const span = await onlySpan();
      expect(span.name).toBe('chat gpt-4.1');
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.instrumentationScope.name).toBe('convtrace/openai');
      expect(span.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.provider.name': 'openai',
        'openai.api.type': 'responses',
        'gen_ai.request.model': 'gpt-4.1',
        'gen_ai.request.temperature': 0.2,
        'gen_ai.request.top_p': 0.9,
        'gen_ai.request.max_tokens': 64,
        'openai.request.service_tier': 'default',
        'server.address': '127.0.0.1',
        'server.port': port,
        'gen_ai.response.id': res.id,
        'gen_ai.response.model': 'gpt-4.1-2025-04-14',
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 21,
        'gen_ai.usage.output_tokens': 5,
        'gen_ai.usage.cache_read.input_tokens': 4,
        'gen_ai.usage.cache_creation.input_tokens': 2,
        'gen_ai.usage.reasoning.output_tokens': 1,
      });
      expect(span.attributes['gen_ai.request.stream']).toBeUndefined();
      expect(span.attributes['error.type']).toBeUndefined();
      expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    });

    it('keeps the SDK APIPromise: withResponse(), _request_id and asResponse()', async () => {
      const promise = client.responses.create({ model: 'gpt-4.1', input: 'hi' });
      expect(typeof promise.withResponse).toBe('function');
      const { data, response, request_id } = await promise.withResponse();
      expect(data.output_text).toBe('echo: hi');
      expect(response.status).toBe(200);
      expect(request_id).toMatch(/^req_/);
      expect((data as unknown as { _request_id?: string })._request_id).toBe(request_id);
      const first = await onlySpan();
      expect(first.attributes['gen_ai.response.id']).toBe(data.id);

      exporter.reset();
      const raw = await client.responses.create({ model: 'gpt-4.1', input: 'raw' }).asResponse();
      const body = (await raw.json()) as { id: string; object: string };
      expect(body.object).toBe('response');
      const second = await onlySpan();
      expect(second.attributes['gen_ai.request.model']).toBe('gpt-4.1');
      expect(second.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('leaves the APIPromise state as the SDK made it (replacing its functions slows every call, bench/README.md)', async () => {
      const plain = new OpenAI({ apiKey: API_KEY, baseURL: fake.baseURL, maxRetries: 0 }) as AnyClient;
      const ownState = (p: object) =>
        Object.getOwnPropertyNames(p).map((k) => [k, typeof (p as Record<string, unknown>)[k]]);
      const traced = client.responses.create({ model: 'gpt-4.1', input: 'a' });
      const untraced = plain.responses.create({ model: 'gpt-4.1', input: 'b' });
      expect(Object.getPrototypeOf(traced)).toBe(Object.getPrototypeOf(untraced));
      expect(ownState(traced)).toEqual(ownState(untraced));
      const tracedParse = (traced as unknown as { parseResponse: unknown }).parseResponse;
      const untracedParse = (untraced as unknown as { parseResponse: unknown }).parseResponse;
      // Same SDK parser (by source): not a convtrace wrapper around it.
      expect(String(tracedParse)).toBe(String(untracedParse));
      await Promise.all([traced, untraced]);
      expect(ownState(traced)).toEqual(ownState(untraced));
      // The observer rides in one hidden symbol slot (v7: and the promise's own `_thenUnwrap`, in a
      // second): not enumerable, so spreads and inspect skip them.
      const slots = Object.getOwnPropertySymbols(traced);
      expect(Object.getOwnPropertySymbols(untraced)).toEqual([]);
      expect(slots).toHaveLength(major >= 7 ? 2 : 1);
      for (const slot of slots) expect(Object.getOwnPropertyDescriptor(traced, slot)?.enumerable).toBe(false);
      expect(Object.getOwnPropertySymbols({ ...traced })).toEqual([]);
      if (major >= 7) {
        // v7 gives each promise a `_thenUnwrap` closure of its own; convtrace stands in for it with one
        // shared function rather than a new closure per call.
        const other = client.responses.create({ model: 'gpt-4.1', input: 'c' });
        const thenUnwrap = (p: object) => (p as { _thenUnwrap?: unknown })._thenUnwrap;
        expect(thenUnwrap(other)).toBe(thenUnwrap(traced));
        expect(thenUnwrap(untraced)).not.toBe(thenUnwrap(traced));
        await other;
      }
      const all = await spans(major >= 7 ? 2 : 1);
      expect(all).toHaveLength(major >= 7 ? 2 : 1);
      expect(all[0]!.attributes['gen_ai.response.id']).toMatch(/^resp_/);
    });

    it('responses.parse() works through the wrapper with one span', async () => {
      fake.script({ text: '{"answer":42}' });
      const parsed = await client.responses.parse({
        model: 'gpt-4.1',
        input: 'json please',
        text: {
          format: {
            type: 'json_schema',
            name: 'answer',
            strict: true,
            schema: {
              type: 'object',
              properties: { answer: { type: 'number' } },
              required: ['answer'],
              additionalProperties: false,
            },
          },
        },
      });
      expect(parsed.output_parsed).toEqual({ answer: 42 });
      const span = await onlySpan();
      expect(span.attributes['gen_ai.output.type']).toBe('json');
    });

    it('maps function calls to finish reason tool_call', async () => {
      fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] });
      const res = await client.responses.create({
        model: 'gpt-4.1',
        input: 'weather?',
        tools: [{ type: 'function', name: 'get_weather', parameters: { type: 'object' }, strict: false }],
      });
      expect(res.output[0]?.type).toBe('function_call');
      expect((await onlySpan()).attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    });

    it('records previous_response_id and the conv_ id, never as gen_ai.conversation.id', async () => {
      const first = await client.responses.create({ model: 'gpt-4.1', input: 'one' });
      await client.responses.create({ model: 'gpt-4.1', input: 'two', previous_response_id: first.id });
      const conv = await client.conversations.create({});
      const third = await client.responses.create({
        model: 'gpt-4.1',
        input: 'three',
        conversation: conv.id,
      });
      expect(third.id).toMatch(/^resp_/);
      const all = await spans(3);
      // conversations.create makes no span (see instrument-client.ts): only the three chat spans.
      expect(all.map((s) => s.name)).toEqual(['chat gpt-4.1', 'chat gpt-4.1', 'chat gpt-4.1']);
      expect(all[1]!.attributes['gen_ai.request.previous_response.id']).toBe(first.id);
      expect(all[2]!.attributes['openai.conversation.id']).toBe(conv.id);
      for (const s of all) expect(s.attributes['gen_ai.conversation.id']).toBeUndefined();
    });

    it.each([
      [400, 'BadRequestError', 'mutually_exclusive_parameters'],
      [401, 'AuthenticationError', 'invalid_api_key'],
      [429, 'RateLimitError', 'rate_limit_exceeded'],
      [500, 'InternalServerError', null],
    ] as const)('HTTP %i → ERROR span with error.type %s', async (status, type, code) => {
      fake.script({ error: { status, code } });
      const err = await client.responses.create({ model: 'gpt-4.1', input: PROMPT }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect((err as { status?: number }).status).toBe(status);
      const span = await onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe(type);
      expect(span.status.message).toContain(type);
      if (code) expect(span.status.message).toContain(code);
      expect(span.attributes['gen_ai.request.model']).toBe('gpt-4.1');
      expect(allAttributeText([span]) + span.status.message).not.toContain(API_KEY);
    });

    it('retries stay inside one span', async () => {
      const retrying = instrumentOpenAI(
        new OpenAI({ apiKey: API_KEY, baseURL: fake.baseURL, maxRetries: 2 }) as AnyClient,
        { tracerProvider: provider },
      );
      fake.script({ error: { status: 500, shouldRetry: true } }, { text: 'recovered' });
      const res = await retrying.responses.create({ model: 'gpt-4.1', input: 'x' });
      expect(res.output_text).toBe('recovered');
      expect(fake.requests.filter((r) => r.path === '/v1/responses')).toHaveLength(2);
      const span = await onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('an AbortSignal before the answer ends the span as APIUserAbortError', async () => {
      fake.script({ text: 'slow', delayMs: 5_000 });
      const ac = new AbortController();
      const pending = client.responses.create({ model: 'gpt-4.1', input: 'x' }, { signal: ac.signal });
      // Abort only once the server holds the request, so no stale request can take a later test's script.
      for (let i = 0; i < 200 && fake.requests.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
      ac.abort();
      await expect(pending).rejects.toThrow();
      const span = await onlySpan();
      expect(span.attributes['error.type']).toBe('APIUserAbortError');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
    });
  });

  describe('Responses, streaming', () => {
    it('stream: true → one span ended at completion with usage and time to first chunk', async () => {
      fake.script({
        text: 'one two three four',
        usage: { inputTokens: 9, outputTokens: 4, cachedTokens: 1 },
      });
      const stream = await client.responses.create({ model: 'gpt-4.1', input: PROMPT, stream: true });
      let text = '';
      let beforeEnd = 0;
      for await (const ev of stream) {
        if (ev.type === 'response.output_text.delta') text += ev.delta;
        if (ev.type === 'response.output_text.delta') beforeEnd = exporter.getFinishedSpans().length;
      }
      expect(text).toBe('one two three four');
      expect(beforeEnd).toBe(0);
      const span = await onlySpan();
      expect(span.attributes).toMatchObject({
        'gen_ai.request.stream': true,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 9,
        'gen_ai.usage.output_tokens': 4,
        'gen_ai.usage.cache_read.input_tokens': 1,
      });
      expect(span.attributes['gen_ai.response.id']).toMatch(/^resp_/);
      const ttfc = span.attributes['gen_ai.response.time_to_first_chunk'];
      expect(typeof ttfc).toBe('number');
      expect(ttfc as number).toBeGreaterThan(0);
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    });

    it('responses.stream() helper: one span, finalResponse() intact', async () => {
      fake.script({ text: 'helper text' });
      const runner = client.responses.stream({ model: 'gpt-4.1', input: 'x' });
      const deltas: string[] = [];
      runner.on('response.output_text.delta', (e) => deltas.push(e.delta));
      const final = await runner.finalResponse();
      const message = final.output[0];
      expect(
        message?.type === 'message' && message.content[0]?.type === 'output_text' && message.content[0].text,
      ).toBe('helper text');
      expect(deltas.join('')).toBe('helper text');
      const span = await onlySpan();
      expect(span.attributes['gen_ai.response.id']).toBe(final.id);
    });

    it('tee() and toReadableStream() keep working; the span ends once', async () => {
      fake.script({ text: 'a b c' });
      const stream = await client.responses.create({ model: 'gpt-4.1', input: 'x', stream: true });
      const [left, right] = stream.tee();
      const count = async (s: AsyncIterable<unknown>) => {
        let n = 0;
        for await (const _ of s) n++;
        return n;
      };
      const [l, r] = await Promise.all([count(left), count(right)]);
      expect(l).toBe(r);
      expect(l).toBeGreaterThan(5);
      expect((await onlySpan()).attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);

      exporter.reset();
      fake.script({ text: 'readable' });
      const s2 = await client.responses.create({ model: 'gpt-4.1', input: 'x', stream: true });
      const reader = s2.toReadableStream().getReader();
      let lines = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        lines += new TextDecoder().decode(value);
      }
      expect(lines).toContain('response.completed');
      expect(await spans(1)).toHaveLength(1);
    });

    it('early break ends the span (not an error) and aborts the request', async () => {
      fake.script({ text: 'w1 w2 w3 w4 w5 w6 w7 w8', hangAfter: 4 });
      const stream = await client.responses.create({ model: 'gpt-4.1', input: 'x', stream: true });
      let n = 0;
      for await (const ev of stream) {
        if (ev.type === 'response.output_text.delta' && ++n === 2) break;
      }
      const span = await onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes['error.type']).toBeUndefined();
      expect(span.attributes['gen_ai.response.id']).toMatch(/^resp_/);
      expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
      expect(stream.controller.signal.aborted).toBe(true);
    });

    it('a break right after response.completed keeps the finish reason (the answer was whole)', async () => {
      fake.script({ text: 'all of it' });
      const stream = await client.responses.create({ model: 'gpt-4.1', input: 'x', stream: true });
      for await (const ev of stream) if (ev.type === 'response.completed') break;
      const span = await onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    });

    it('an AbortSignal mid-stream ends the span as APIUserAbortError', async () => {
      fake.script({ text: 'w1 w2 w3 w4 w5 w6', hangAfter: 2 });
      const ac = new AbortController();
      const stream = await client.responses.create(
        { model: 'gpt-4.1', input: 'x', stream: true },
        { signal: ac.signal },
      );
      let n = 0;
      const consumed = (async () => {
        for await (const ev of stream) {
          if (ev.type === 'response.output_text.delta' && ++n === 2) ac.abort();
        }
      })().catch((e: unknown) => e);
      await consumed;
      const span = await onlySpan();
      expect(span.attributes['error.type']).toBe('APIUserAbortError');
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    });

    it('stream.controller.abort() without iterating ends the span as a cancel', async () => {
      fake.script({ text: 'w1 w2 w3', hangAfter: 1 });
      const stream = await client.responses.create({ model: 'gpt-4.1', input: 'x', stream: true });
      stream.controller.abort();
      const span = await onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
      expect(span.attributes['error.type']).toBeUndefined();
    });

    it('a mid-stream error event ends the span with ERROR', async () => {
      fake.script({
        text: 'a b c d e f',
        streamErrorAfter: 2,
        streamError: { code: 'server_error', message: 'boom' },
      });
      const stream = await client.responses.create({ model: 'gpt-4.1', input: 'x', stream: true });
      const err = await (async () => {
        for await (const _ of stream) {
          /* consume */
        }
      })().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(Error);
      const span = await onlySpan();
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type']).toBe('APIError');
    });

    it('a connection cut mid-stream ends the span with ERROR', async () => {
      fake.script({ text: 'a b c d e f', streamErrorAfter: 2, streamError: { mode: 'cut' } });
      const stream = await client.responses.create({ model: 'gpt-4.1', input: 'x', stream: true });
      await (async () => {
        for await (const _ of stream) {
          /* consume */
        }
      })().catch(() => undefined);
      const span = await onlySpan();
      // Either the SDK surfaces the cut as an error, or the stream ends without its terminal event.
      if (span.status.code === SpanStatusCode.ERROR) expect(span.attributes['error.type']).toBeTruthy();
      else expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['error']);
    });
  });

  describe('Chat Completions', () => {
    it('non-streaming: one span with finish reasons, usage and fingerprint', async () => {
      fake.script({
        text: 'Hello!',
        usage: { inputTokens: 12, outputTokens: 3, cachedTokens: 2, reasoningTokens: 0 },
      });
      const res = await client.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: PROMPT },
        ],
        max_completion_tokens: 50,
        seed: 7,
        stop: ['END'],
        frequency_penalty: 0.1,
        presence_penalty: 0.2,
        n: 1,
      });
      expect(res.choices[0]?.message.content).toBe('Hello!');
      const span = await onlySpan();
      expect(span.name).toBe('chat gpt-4.1-mini');
      expect(span.kind).toBe(SpanKind.CLIENT);
      expect(span.attributes).toMatchObject({
        'openai.api.type': 'chat_completions',
        'gen_ai.request.max_tokens': 50,
        'gen_ai.request.seed': 7,
        'gen_ai.request.stop_sequences': ['END'],
        'gen_ai.request.frequency_penalty': 0.1,
        'gen_ai.request.presence_penalty': 0.2,
        'gen_ai.response.id': res.id,
        'gen_ai.response.model': res.model,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 3,
        'gen_ai.usage.cache_read.input_tokens': 2,
      });
      // Zero reasoning tokens are not recorded (issue 11: one usage rule for both chat-span paths).
      expect(span.attributes['gen_ai.usage.reasoning.output_tokens']).toBeUndefined();
      expect(span.attributes['gen_ai.request.choice.count']).toBeUndefined();
      expect(allAttributeText([span])).not.toContain('zebras');
    });

    it('streaming with include_usage: usage and finish reason from the chunks', async () => {
      fake.script({ text: 'streamed chat reply', usage: { inputTokens: 5, outputTokens: 3 } });
      const stream = await client.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      expect(text).toBe('streamed chat reply');
      const span = await onlySpan();
      expect(span.attributes).toMatchObject({
        'gen_ai.request.stream': true,
        'gen_ai.response.finish_reasons': ['stop'],
        'gen_ai.usage.input_tokens': 5,
        'gen_ai.usage.output_tokens': 3,
      });
      expect(span.attributes['gen_ai.response.id']).toMatch(/^chatcmpl-/);
      expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    });

    it('chat.completions.stream() helper and tool calls: one span, finish reason tool_call', async () => {
      fake.script({ toolCalls: [{ name: 'lookup', arguments: { q: 'x' } }] });
      const runner = client.chat.completions.stream({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object' } } }],
      });
      const final = await runner.finalChatCompletion();
      expect(final.choices[0]?.message.tool_calls?.[0]).toMatchObject({ function: { name: 'lookup' } });
      const span = await onlySpan();
      // Chat's `tool_calls` in the semconv vocabulary (issue 11: one finish-reason mapping).
      expect(span.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    });

    it('HTTP 500 and a mid-stream error both give ERROR spans', async () => {
      fake.script({ error: { status: 500 } });
      await expect(
        client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toThrow();
      fake.script({ text: 'a b c d', streamErrorAfter: 1 });
      const stream = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      await expect(
        (async () => {
          for await (const _ of stream) {
            /* consume */
          }
        })(),
      ).rejects.toThrow();
      const all = await spans(2);
      expect(all).toHaveLength(2);
      expect(all.map((s) => s.attributes['error.type'])).toEqual(['InternalServerError', 'APIError']);
      expect(all.every((s) => s.status.code === SpanStatusCode.ERROR)).toBe(true);
    });

    it('early break and abort end chat stream spans', async () => {
      fake.script({ text: 'a b c d e f', hangAfter: 3 });
      const s1 = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      for await (const _ of s1) break;
      fake.script({ text: 'a b c d e f', hangAfter: 2 });
      const ac = new AbortController();
      const s2 = await client.chat.completions.create(
        { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
        { signal: ac.signal },
      );
      await (async () => {
        for await (const _ of s2) ac.abort();
      })().catch(() => undefined);
      const all = await spans(2);
      expect(all).toHaveLength(2);
      expect(all[0]!.status.code).toBe(SpanStatusCode.UNSET);
      expect(all[1]!.attributes['error.type']).toBe('APIUserAbortError');
    });
  });

  describe('context, baggage and secrets', () => {
    it('is a child of the active span and carries the run ids from baggage', async () => {
      const tracer = provider.getTracer('test');
      const parent = tracer.startSpan('invoke_agent weather');
      const baggage = propagation.createBaggage({
        'gen_ai.agent.name': { value: 'weather' },
        'gen_ai.agent.call.id': { value: '0199aaaa-0000-7000-8000-000000000001' },
        'gen_ai.conversation.id': { value: '0199aaaa-0000-7000-8000-0000000000c0' },
        unrelated: { value: 'nope' },
      });
      const ctx = propagation.setBaggage(trace.setSpan(context.active(), parent), baggage);
      await context.with(ctx, () => client.responses.create({ model: 'gpt-4.1', input: 'x' }));
      parent.end();
      const chat = (await spans(2)).find((s) => s.name === 'chat gpt-4.1')!;
      expect(chat.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
      expect(chat.attributes).toMatchObject({
        'gen_ai.agent.name': 'weather',
        'gen_ai.agent.call.id': '0199aaaa-0000-7000-8000-000000000001',
        'gen_ai.conversation.id': '0199aaaa-0000-7000-8000-0000000000c0',
      });
      expect(chat.attributes['unrelated']).toBeUndefined();
    });

    it('records no prompt, instructions or output text and never the API key by default', async () => {
      fake.script({ text: 'the zebras answer' });
      await client.responses.create({ model: 'gpt-4.1', input: PROMPT, instructions: 'secret instructions' });
      fake.script({ text: 'the zebras answer' });
      const s = await client.responses.create({ model: 'gpt-4.1', input: PROMPT, stream: true });
      for await (const _ of s) {
        /* consume */
      }
      await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: PROMPT }] });
      const all = await spans(3);
      const text = allAttributeText(all);
      for (const needle of ['zebras', 'secret instructions', API_KEY, 'Bearer'])
        expect(text).not.toContain(needle);
      for (const span of all) {
        expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
        expect(span.attributes['gen_ai.output.messages']).toBeUndefined();
        expect(span.attributes['gen_ai.system_instructions']).toBeUndefined();
      }
    });

    it('clients derived with withOptions() stay instrumented, without double spans', async () => {
      const derived = client.withOptions({ timeout: 10_000 });
      await derived.responses.create({ model: 'gpt-4.1', input: 'x' });
      instrumentOpenAI(client, { tracerProvider: provider });
      await client.responses.create({ model: 'gpt-4.1', input: 'y' });
      expect(await spans(2)).toHaveLength(2);
    });
  });
});
