import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAIv7 from 'openai';
import OpenAIv5 from 'openai-v5';
import OpenAIv6 from 'openai-v6';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { instrumentOpenAI } from '../../src/instrumentation/openai/index.ts';
import type { FakeOpenAI } from '../support/fake-openai/index.ts';
import { useOpenAITracing } from '../support/openai-tracing.ts';

const API_KEY = 'sk-content-SECRET-9876543210';
const ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

// GenAI semconv JSON schemas (gen-ai-input-messages.json / -output-messages.json /
// -system-instructions.json), transcribed to zod for the part types this instrumentation emits.
const TextPart = z.object({ type: z.literal('text'), content: z.string() }).strict();
const ToolCallPart = z
  .object({
    type: z.literal('tool_call'),
    id: z.string().nullable().optional(),
    name: z.string(),
    arguments: z.unknown().optional(),
  })
  .strict();
const ToolCallResponsePart = z
  .object({
    type: z.literal('tool_call_response'),
    id: z.string().nullable().optional(),
    response: z.unknown(),
  })
  .strict();
const ReasoningPart = z.object({ type: z.literal('reasoning'), content: z.string() }).strict();
const UriPart = z
  .object({
    type: z.literal('uri'),
    modality: z.string(),
    mime_type: z.string().nullable().optional(),
    uri: z.string(),
  })
  .strict();
const GenericPart = z.object({ type: z.enum(['refusal', 'truncated']) }).passthrough();
const Part = z.union([TextPart, ToolCallPart, ToolCallResponsePart, ReasoningPart, UriPart, GenericPart]);
const Role = z.union([z.enum(['system', 'user', 'assistant', 'tool']), z.string()]);
const InputMessages = z.array(
  z.object({ role: Role, parts: z.array(Part), name: z.string().nullable().optional() }).strict(),
);
const OutputMessages = z.array(
  z
    .object({
      role: Role,
      parts: z.array(Part),
      name: z.string().nullable().optional(),
      finish_reason: z.string(),
    })
    .strict(),
);
const SystemInstructions = z.array(Part);

type AnyClient = InstanceType<typeof OpenAIv7>;
type ClientCtor = new (opts: Record<string, unknown>) => unknown;

let fake: FakeOpenAI;
const { exporter, provider } = useOpenAITracing((started) => ({ fake } = started));
afterEach(() => {
  delete process.env[ENV];
});

function only(): ReadableSpan {
  const all = exporter.getFinishedSpans();
  expect(all).toHaveLength(1);
  return all[0]!;
}

function parsed<T>(span: ReadableSpan, key: string, schema: z.ZodType<T>): T {
  const raw = span.attributes[key];
  expect(typeof raw).toBe('string');
  return schema.parse(JSON.parse(raw as string));
}

const versions: Array<[string, ClientCtor]> = [
  ['openai v7', OpenAIv7 as unknown as ClientCtor],
  ['openai-v5', OpenAIv5 as unknown as ClientCtor],
  ['openai-v6', OpenAIv6 as unknown as ClientCtor],
];

describe.each(versions)('%s', (_label, OpenAI) => {
  const make = (opts: { captureMessageContent?: boolean; maxContentLength?: number } = {}) =>
    instrumentOpenAI(new OpenAI({ apiKey: API_KEY, baseURL: fake.baseURL, maxRetries: 0 }) as AnyClient, {
      tracerProvider: provider,
      ...opts,
    });

  it('Responses: input items, instructions and output validate against the message schema', async () => {
    const client = make({ captureMessageContent: true });
    fake.script({ text: 'It is 18°C in Paris.' });
    await client.responses.create({
      model: 'gpt-4.1',
      instructions: 'Answer briefly.',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '{"temp_c":18}' },
      ],
    });
    const span = only();
    const input = parsed(span, 'gen_ai.input.messages', InputMessages);
    expect(input).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_1', response: '{"temp_c":18}' }] },
    ]);
    expect(parsed(span, 'gen_ai.system_instructions', SystemInstructions)).toEqual([
      { type: 'text', content: 'Answer briefly.' },
    ]);
    expect(parsed(span, 'gen_ai.output.messages', OutputMessages)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'text', content: 'It is 18°C in Paris.' }],
        finish_reason: 'stop',
      },
    ]);
  });

  it('Responses stream: output from the completed event, tool calls as tool_call parts', async () => {
    const client = make({ captureMessageContent: true });
    fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Rome' }, callId: 'call_r' }] });
    const stream = await client.responses.create({ model: 'gpt-4.1', input: 'Rome?', stream: true });
    for await (const _ of stream) {
      /* consume */
    }
    const out = parsed(only(), 'gen_ai.output.messages', OutputMessages);
    expect(out).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_r', name: 'get_weather', arguments: { city: 'Rome' } }],
        finish_reason: 'tool_call',
      },
    ]);
  });

  it('Chat: system, user, assistant tool calls and tool results; output per choice', async () => {
    const client = make({ captureMessageContent: true });
    fake.script({ text: 'Done.' });
    await client.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_9', type: 'function', function: { name: 'wx', arguments: '{"c":"Oslo"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_9', content: 'cold' },
      ],
    });
    const span = only();
    expect(parsed(span, 'gen_ai.input.messages', InputMessages)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Weather?' }] },
      {
        role: 'assistant',
        parts: [{ type: 'tool_call', id: 'call_9', name: 'wx', arguments: { c: 'Oslo' } }],
      },
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call_9', response: 'cold' }] },
    ]);
    expect(parsed(span, 'gen_ai.output.messages', OutputMessages)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'Done.' }], finish_reason: 'stop' },
    ]);
  });

  it('Chat stream: output text and tool calls accumulated from deltas', async () => {
    const client = make({ captureMessageContent: true });
    fake.script({ text: 'streamed words here' });
    const s1 = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    for await (const _ of s1) {
      /* consume */
    }
    expect(parsed(only(), 'gen_ai.output.messages', OutputMessages)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'streamed words here' }], finish_reason: 'stop' },
    ]);
    exporter.reset();
    fake.script({ toolCalls: [{ name: 'lookup', arguments: { q: 'deep' }, callId: 'call_s' }] });
    const s2 = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    for await (const _ of s2) {
      /* consume */
    }
    const out = parsed(only(), 'gen_ai.output.messages', OutputMessages);
    expect(out[0]?.finish_reason).toBe('tool_call');
    expect(out[0]?.parts).toContainEqual({
      type: 'tool_call',
      id: 'call_s',
      name: 'lookup',
      arguments: { q: 'deep' },
    });
  });

  it('instrumentOpenAI(client) without options keeps an earlier configuration (idempotent)', async () => {
    const client = make({ captureMessageContent: true });
    instrumentOpenAI(client);
    instrumentOpenAI(client);
    await client.responses.create({ model: 'gpt-4.1', input: 'still captured' });
    expect(only().attributes['gen_ai.input.messages']).toContain('still captured');
  });

  it('the env var opts in; an explicit false wins over it', async () => {
    process.env[ENV] = 'true';
    await make().responses.create({ model: 'gpt-4.1', input: 'env opted in' });
    expect(only().attributes['gen_ai.input.messages']).toContain('env opted in');
    exporter.reset();
    await make({ captureMessageContent: false }).responses.create({
      model: 'gpt-4.1',
      input: 'explicit off',
    });
    expect(JSON.stringify(only().attributes)).not.toContain('explicit off');
  });

  it('caps content attributes while keeping valid, schema-shaped JSON with a marker', async () => {
    const client = make({ captureMessageContent: true, maxContentLength: 400 });
    const long = 'zebra '.repeat(2_000);
    fake.script({ text: long });
    await client.responses.create({ model: 'gpt-4.1', input: long, instructions: long });
    const span = only();
    for (const key of ['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions']) {
      const raw = span.attributes[key] as string;
      expect(raw.length).toBeLessThanOrEqual(400);
      expect(raw).toContain('…[truncated');
    }
    parsed(span, 'gen_ai.input.messages', InputMessages);
    parsed(span, 'gen_ai.output.messages', OutputMessages);
    parsed(span, 'gen_ai.system_instructions', SystemInstructions);
  });

  it('never records the API key, even with content capture and on errors', async () => {
    const client = make({ captureMessageContent: true });
    fake.script({
      error: { status: 401, code: 'invalid_api_key', message: `Incorrect API key provided: ${API_KEY}` },
    });
    await expect(client.responses.create({ model: 'gpt-4.1', input: 'x' })).rejects.toThrow();
    const span = only();
    expect(JSON.stringify(span.attributes) + (span.status.message ?? '')).not.toContain(API_KEY);
    expect(JSON.stringify(span.events)).not.toContain(API_KEY);
  });
});
