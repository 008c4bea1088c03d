/**
 * The one GenAI semconv layer (issue 11 items 3 and 4): finish reasons mapped once for both the
 * Responses model and the client instrumentation, and the one content truncation rule.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { responsesOutputMessages } from '../../src/instrumentation/openai/content-capture.ts';
import {
  chatResultAttributes,
  responsesResultAttributes,
} from '../../src/instrumentation/openai/response-attributes.ts';
import { modelRequest, modelResponse } from '../../src/messages/build.ts';
import { parseMessages } from '../../src/messages/parse.ts';
import { toolCallArgsObject, toolCallArgsValue } from '../../src/messages/parts.ts';
import type { ModelMessage, ToolReturnPart } from '../../src/messages/types.ts';
import { fromResponsesResponse } from '../../src/models/openai/responses-mapping.ts';
import {
  contentAttribute,
  MAX_CONTENT_ATTRIBUTE_LENGTH,
  messagesAttribute,
  partsAttribute,
} from '../../src/semconv/content.ts';
import { chatFinishReason, responsesFinishReason } from '../../src/semconv/finish-reasons.ts';
import { type GenAIMessage, toGenAIMessages, toGenAIOutputMessages } from '../../src/semconv/messages.ts';

// The GenAI semconv input-message schema (gen-ai-input-messages.json), for the parts written here.
const Part = z.union([
  z.object({ type: z.literal('text'), content: z.string() }).strict(),
  z
    .object({ type: z.literal('truncated'), content: z.string(), dropped_messages: z.number().int() })
    .strict(),
]);
const InputMessages = z.array(z.object({ role: z.string(), parts: z.array(Part) }).strict());

const message = (type: string, extra: Record<string, unknown> = {}) => ({
  type,
  id: 'x',
  call_id: 'c1',
  name: 'f',
  ...extra,
});

describe('finish reasons: one mapping for the Responses model and the instrumentation', () => {
  const cases: Array<[string, Record<string, unknown>, string | undefined]> = [
    ['completed text', { status: 'completed', output: [message('message', { content: [] })] }, 'stop'],
    ['completed function_call', { status: 'completed', output: [message('function_call')] }, 'tool_call'],
    [
      'completed custom_tool_call',
      { status: 'completed', output: [message('custom_tool_call')] },
      'tool_call',
    ],
    [
      'incomplete max_output_tokens',
      { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] },
      'length',
    ],
    [
      'incomplete content_filter',
      { status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] },
      'content_filter',
    ],
    [
      'incomplete, a reason the semconv has no name for (kept as the provider value)',
      { status: 'incomplete', incomplete_details: { reason: 'server_overloaded' }, output: [] },
      'server_overloaded',
    ],
    ['incomplete without a reason', { status: 'incomplete', incomplete_details: null, output: [] }, 'length'],
    ['failed', { status: 'failed', output: [] }, 'error'],
    ['cancelled (provider value)', { status: 'cancelled', output: [] }, 'cancelled'],
  ];

  it.each(cases)('%s', (_label, response, expected) => {
    expect(responsesFinishReason(response)).toBe(expected);
    // Both consumers use it: the instrumentation's span attribute and the model's ModelResponse.
    const attributes = responsesResultAttributes({ id: 'resp_1', ...response });
    expect(attributes['gen_ai.response.finish_reasons']).toEqual([expected]);
    expect(fromResponsesResponse({ id: 'resp_1', ...response }, 'openai', null).finish_reason).toBe(expected);
  });

  it('no status: no finish reason', () => {
    expect(responsesFinishReason({ output: [] })).toBeUndefined();
  });

  it('Chat finish reasons: tool_calls and function_call are tool_call, others as given', () => {
    expect(chatFinishReason('tool_calls')).toBe('tool_call');
    expect(chatFinishReason('function_call')).toBe('tool_call');
    for (const r of ['stop', 'length', 'content_filter', 'something_new'])
      expect(chatFinishReason(r)).toBe(r);
  });

  it('Chat span attribute: one reason per choice in choice order, choices without one skipped', () => {
    const reasons = (...frs: Array<string | null>) =>
      chatResultAttributes({
        id: 'c',
        choices: frs.map((finish_reason, index) => ({ index, finish_reason })),
      })['gen_ai.response.finish_reasons'];
    expect(reasons('stop')).toEqual(['stop']);
    expect(reasons('stop', 'tool_calls', 'length')).toEqual(['stop', 'tool_call', 'length']);
    expect(reasons(null, 'function_call')).toEqual(['tool_call']);
    expect(reasons(null, null)).toBeUndefined();
  });
});

/** A history of `turns` user/assistant pairs after a system prompt; each message ~`size` chars. */
function history(turns: number, size: number): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (let i = 0; i < turns; i++) {
    const parts: Parameters<typeof modelRequest>[0] = [];
    if (i === 0) parts.push({ part_kind: 'system-prompt', content: 'You are terse.', timestamp: 't' });
    parts.push({ part_kind: 'user-prompt', content: `q${i} ${'u'.repeat(size)}`, timestamp: 't' });
    out.push(modelRequest(parts));
    out.push(
      modelResponse([
        { part_kind: 'text', content: `a${i} ${'a'.repeat(size)}`, id: null, provider_details: null },
      ]),
    );
  }
  out.push(
    modelRequest([{ part_kind: 'user-prompt', content: 'NEWEST-PROMPT keep me whole', timestamp: 't' }]),
  );
  return out;
}

describe('content truncation: one rule, the conversation stays readable', () => {
  it('under the cap the value is the plain JSON', () => {
    const { messages } = toGenAIMessages(history(3, 10));
    expect(messagesAttribute(messages)).toBe(JSON.stringify(messages));
  });

  it('at 1 MiB of history: valid schema JSON within the cap, system prompt and newest prompt whole, oldest cut and counted', () => {
    const { messages } = toGenAIMessages(history(1024, 512));
    expect(JSON.stringify(messages).length).toBeGreaterThan(1024 * 1024);
    const value = messagesAttribute(messages);
    expect(value.length).toBeLessThanOrEqual(MAX_CONTENT_ATTRIBUTE_LENGTH);
    const parsed = InputMessages.parse(JSON.parse(value));
    expect(parsed[0]).toEqual({ role: 'system', parts: [{ type: 'text', content: 'You are terse.' }] });
    const marker = parsed[1]!.parts[0]!;
    expect(marker.type).toBe('truncated');
    const dropped = (marker as { dropped_messages: number }).dropped_messages;
    // What is kept is exactly the newest messages, whole and in order; the count says what went.
    const kept = parsed.slice(2);
    expect(dropped + kept.length + 1).toBe(messages.length);
    expect(kept).toEqual(messages.slice(messages.length - kept.length));
    expect(parsed.at(-1)).toEqual({
      role: 'user',
      parts: [{ type: 'text', content: 'NEWEST-PROMPT keep me whole' }],
    });
    // The cap is used, not just respected: more than half of it holds whole messages.
    expect(value.length).toBeGreaterThan(MAX_CONTENT_ATTRIBUTE_LENGTH / 2);
  });

  it('property: any messages, any cap from 300 chars: valid JSON within the cap, one marker at most, newest message present', () => {
    const msg = fc.record({
      role: fc.constantFrom('system', 'user', 'assistant', 'tool'),
      parts: fc.array(
        fc.record({ type: fc.constant('text'), content: fc.string({ unit: 'grapheme', maxLength: 400 }) }),
        { minLength: 1, maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.array(msg, { maxLength: 40 }), fc.integer({ min: 300, max: 6_000 }), (messages, max) => {
        const value = messagesAttribute(messages, max);
        expect(value.length).toBeLessThanOrEqual(max);
        const parsed = JSON.parse(value) as GenAIMessage[];
        if (value === JSON.stringify(messages)) return;
        expect(parsed.filter((m) => m.parts[0]?.type === 'truncated').length).toBeLessThanOrEqual(1);
        const newest = messages.findLast((m) => m.role !== 'system');
        // Down to ~1 KiB the newest non-system message is always there, whole or with its text cut.
        if (!newest || max < 1_000) return;
        const first = (m: GenAIMessage | undefined) =>
          (m?.parts[0] as { content?: string } | undefined)?.content;
        const kept = parsed.findLast((m) => m.role !== 'system');
        expect(kept?.role).toBe(newest.role);
        const text = first(kept) ?? '';
        const original = first(newest) ?? '';
        expect(text === original || text.includes('…[truncated')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('a single message over the cap keeps its shape; its text is cut with a marker', () => {
    const huge: GenAIMessage[] = [
      { role: 'user', parts: [{ type: 'text', content: 'old' }] },
      { role: 'user', parts: [{ type: 'text', content: `START ${'z'.repeat(200_000)}` }] },
    ];
    const value = messagesAttribute(huge, 10_000);
    expect(value.length).toBeLessThanOrEqual(10_000);
    const parsed = InputMessages.parse(JSON.parse(value));
    expect(parsed[0]!.parts[0]).toMatchObject({ type: 'truncated', dropped_messages: 1 });
    const text = (parsed[1]!.parts[0] as { content: string }).content;
    expect(text.startsWith('START zzz')).toBe(true);
    expect(text).toMatch(/…\[truncated \d+ chars\]$/);
  });

  it('system messages alone over the cap: kept, their strings cut, still within the cap', () => {
    const system: GenAIMessage[] = Array.from({ length: 3 }, (_, i) => ({
      role: 'system',
      parts: [{ type: 'text', content: `${i} ${'s'.repeat(5_000)}` }],
    }));
    const value = messagesAttribute(system, 2_000);
    expect(value.length).toBeLessThanOrEqual(2_000);
    const parsed = InputMessages.parse(JSON.parse(value));
    expect(parsed.map((m) => m.role)).toEqual(['system', 'system', 'system']);
    expect((parsed[2]!.parts[0] as { content: string }).content).toMatch(/^2 s+…\[truncated \d+ chars\]$/);
  });

  it('output messages keep a finish_reason on the marker (the output schema requires one)', () => {
    const out: GenAIMessage[] = Array.from({ length: 50 }, (_, i) => ({
      role: 'assistant',
      parts: [{ type: 'text', content: `${i} ${'o'.repeat(100)}` }],
      finish_reason: 'stop',
    }));
    const parsed = JSON.parse(messagesAttribute(out, 1_000, true)) as GenAIMessage[];
    for (const m of parsed) expect(typeof m.finish_reason).toBe('string');
    expect(parsed.at(-1)).toEqual(out.at(-1));
  });

  it('system instructions: the oldest parts are dropped behind a marker part', () => {
    const parts = Array.from({ length: 20 }, (_, i) => ({
      type: 'text',
      content: `${i} ${'s'.repeat(100)}`,
    }));
    const value = partsAttribute(parts, 600);
    expect(value.length).toBeLessThanOrEqual(600);
    const parsed = JSON.parse(value) as Array<{ type: string; dropped_parts?: number }>;
    expect(parsed[0]).toMatchObject({ type: 'truncated' });
    expect(parsed.at(-1)).toEqual(parts.at(-1));
    expect(parsed[0]!.dropped_parts! + parsed.length - 1).toBe(parts.length);
  });

  it('content that does not serialize never throws: BigInt as its digits, a cycle as []', () => {
    const withBigInt: GenAIMessage[] = [
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c', response: { n: 10n } }] },
    ];
    expect(JSON.parse(messagesAttribute(withBigInt))[0].parts[0].response).toEqual({ n: '10' });
    expect(JSON.parse(messagesAttribute(withBigInt, 40))).toEqual(expect.any(Array));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const withCycle: GenAIMessage[] = [
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c', response: cyclic }] },
    ];
    expect(messagesAttribute(withCycle)).toBe('[]');
  });

  it('arbitrary values (tool arguments, results) still cut strings, then fall back to a marker', () => {
    expect(JSON.parse(contentAttribute({ s: 'x'.repeat(5_000) }, 1_000)).s).toMatch(
      /…\[truncated \d+ chars\]$/,
    );
    expect(
      JSON.parse(
        contentAttribute(
          Array.from({ length: 5000 }, () => 'y'),
          1000,
        ),
      ),
    ).toMatchObject({
      truncated: true,
    });
  });
});

describe('tool-call arguments: one decoder for running and for recording', () => {
  it('recording keeps what the model sent; running insists on a JSON object', () => {
    expect(toolCallArgsValue('{"a":1}')).toEqual({ a: 1 });
    expect(toolCallArgsValue('not json')).toBe('not json');
    for (const empty of [null, undefined, '']) expect(toolCallArgsValue(empty)).toEqual({});
    expect(() => toolCallArgsValue('not json', true)).toThrow(SyntaxError);
    const call = {
      part_kind: 'tool-call' as const,
      tool_name: 't',
      tool_call_id: 'c',
      id: null,
      provider_details: null,
    };
    expect(toolCallArgsObject({ ...call, args: '{"a":1}' })).toEqual({ a: 1 });
    expect(() => toolCallArgsObject({ ...call, args: '[1]' })).toThrow(TypeError);
    // Both chat-span paths record arguments through it: the agent's history and the wire body.
    const { messages } = toGenAIMessages([modelResponse([{ ...call, args: 'oops' }])]);
    expect(messages[0]!.parts[0]).toEqual({ type: 'tool_call', id: 'c', name: 't', arguments: 'oops' });
  });
});

describe('tool returns: what the model was sent is what is recorded', () => {
  it("a 'failed' or 'retried' return is recorded as the error the model saw, others as their content", () => {
    const ret = (outcome: ToolReturnPart['outcome'], content: unknown): ToolReturnPart => ({
      part_kind: 'tool-return',
      tool_name: 't',
      tool_call_id: 'c',
      content,
      ...(outcome ? { outcome } : {}),
    });
    const recorded = (part: ToolReturnPart) => toGenAIMessages([modelRequest([part])]).messages[0]!.parts[0];
    expect(recorded(ret(undefined, { rows: 2 }))).toEqual({
      type: 'tool_call_response',
      id: 'c',
      response: { rows: 2 },
    });
    expect(recorded(ret('denied', 'no'))).toMatchObject({ response: 'no' });
    expect(recorded(ret('failed', { rows: 2 }))).toMatchObject({ response: { error: '{"rows":2}' } });
    expect(recorded(ret('retried', [{ msg: 'Field required' }]))).toMatchObject({
      response: { error: [{ msg: 'Field required' }] },
    });
    expect(recorded(ret('retried', 'bad q'))).toMatchObject({ response: { error: 'bad q' } });
  });

  it('an unknown outcome is refused with the field named', () => {
    const history = [modelRequest([{ ...ret0, outcome: 'exploded' } as unknown as ToolReturnPart])];
    expect(() => parseMessages(JSON.stringify(history))).toThrow(/outcome/);
  });
});

const ret0: ToolReturnPart = { part_kind: 'tool-return', tool_name: 't', tool_call_id: 'c', content: 'x' };

describe('output messages: the two mappings fed the same Response agree', () => {
  it('reasoning, text, refusal, function and custom tool calls, built-in items', () => {
    const response = {
      id: 'resp_1',
      status: 'completed',
      model: 'gpt-4.1',
      output: [
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [
            { type: 'summary_text', text: 'think 1' },
            { type: 'summary_text', text: 'think 2' },
          ],
        },
        {
          type: 'message',
          id: 'msg_1',
          role: 'assistant',
          content: [
            { type: 'output_text', text: 'hello' },
            { type: 'refusal', refusal: 'no' },
          ],
        },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '{"x":1}' },
        { type: 'custom_tool_call', id: 'ct_1', call_id: 'call_2', name: 'g', input: 'raw input' },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
    };
    const viaClient = responsesOutputMessages(response, responsesFinishReason(response));
    const viaAgent = toGenAIOutputMessages(fromResponsesResponse(response, 'openai', null));
    expect(viaAgent).toEqual(viaClient);
    expect(viaClient).toEqual([
      {
        role: 'assistant',
        finish_reason: 'tool_call',
        parts: [
          { type: 'reasoning', content: 'think 1\n\nthink 2' },
          { type: 'text', content: 'hello' },
          { type: 'refusal', content: 'no' },
          { type: 'tool_call', id: 'call_1', name: 'f', arguments: { x: 1 } },
          { type: 'tool_call', id: 'call_2', name: 'g', arguments: 'raw input' },
          { type: 'web_search_call' },
        ],
      },
    ]);
  });
});
