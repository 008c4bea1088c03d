import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageValidationError } from '../../src/errors.ts';
import { modelRequest, modelResponse } from '../../src/messages/build.ts';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';
import { modelRequestSchema, modelResponseSchema } from '../../src/messages/schema.ts';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/pydantic-ai/${name}`, import.meta.url), 'utf8');

describe('messages: pydantic-ai ModelMessage JSON', () => {
  it('loads a pydantic-ai dump and round-trips it with nothing lost (unknown parts and fields kept)', () => {
    const json = fixture('weather-run.json');
    const messages = parseMessages(json);
    expect(messages.map((m) => m.kind)).toEqual(['request', 'response', 'request', 'response']);
    expect(JSON.parse(serializeMessages(messages))).toEqual(JSON.parse(json));
    const last = messages[3]!;
    expect(last.parts.map((p) => p.part_kind)).toEqual(['thinking', 'text', 'builtin-tool-call']);
    expect((last.parts[2] as Record<string, unknown>).provider_details).toEqual({ status: 'completed' });
  });

  it('round-trips pydantic-ai dumps byte for byte (same keys, same order)', () => {
    for (const name of ['weather-run.json', 'legacy-no-conversation-id.json']) {
      const data = JSON.parse(fixture(name)) as Array<Record<string, unknown>>;
      // Old dumps gain `conversation_id: null`; nothing else changes.
      const expected = data.map((m) => ({ ...m, conversation_id: m.conversation_id ?? null }));
      expect(serializeMessages(parseMessages(fixture(name)))).toBe(JSON.stringify(expected));
    }
  });

  it('one source of truth: what the builders write is exactly what the schemas declare (strict)', () => {
    const request = modelRequest(
      [
        { part_kind: 'system-prompt', content: 's', timestamp: 't', dynamic_ref: null },
        { part_kind: 'user-prompt', content: 'u', timestamp: 't' },
        {
          part_kind: 'tool-return',
          tool_name: 'f',
          content: 1,
          tool_call_id: 'c',
          metadata: null,
          timestamp: 't',
        },
        { part_kind: 'retry-prompt', content: 'r', tool_name: null, tool_call_id: 'c', timestamp: 't' },
      ],
      { run_id: 'r', conversation_id: 'c' },
    );
    const response = modelResponse(
      [
        { part_kind: 'text', content: 'x', id: null, provider_details: null },
        {
          part_kind: 'tool-call',
          tool_name: 'f',
          args: '{}',
          tool_call_id: 'c',
          id: null,
          provider_details: null,
        },
        {
          part_kind: 'thinking',
          content: 'y',
          id: null,
          signature: null,
          provider_name: null,
          provider_details: null,
        },
      ],
      { run_id: 'r', conversation_id: 'c' },
    );
    // `.strict()` rejects any field a builder writes that the schema (and so the type) does not list.
    expect(modelRequestSchema.strict().safeParse(request).success).toBe(true);
    expect(modelResponseSchema.strict().safeParse(response).success).toBe(true);
    expect(modelResponseSchema.strict().safeParse({ ...response, surprise: 1 }).success).toBe(false);
  });

  it('test_model_messages_type_adapter_preserves_conversation_id: dump → load keeps the ids', () => {
    const msgs = [
      modelRequest([], { conversation_id: 'conv-abc' }),
      modelResponse([], { conversation_id: 'conv-abc' }),
    ];
    expect(parseMessages(serializeMessages(msgs)).map((m) => m.conversation_id)).toEqual([
      'conv-abc',
      'conv-abc',
    ]);
  });

  it('test_model_messages_type_adapter_back_compat_missing_conversation_id: old dumps load with null', () => {
    const messages = parseMessages(fixture('legacy-no-conversation-id.json'));
    expect(messages.map((m) => m.conversation_id)).toEqual([null, null]);
    expect(messages[0]!.run_id).toBe('0199a0b1-0000-7000-8000-000000000001');
  });

  it('does not mutate the input value', () => {
    const input = JSON.parse(fixture('legacy-no-conversation-id.json'));
    const before = structuredClone(input);
    parseMessages(input);
    expect(input).toEqual(before);
  });

  it('malformed JSON is a MessageValidationError, not a SyntaxError', () => {
    expect(() => parseMessages('[{"kind": "request",')).toThrow(MessageValidationError);
    expect(() => parseMessages('{"kind":"request"}')).toThrow(/expected an array/);
  });

  it('a part with a wrong type names the path of the bad field', () => {
    const bad = JSON.parse(fixture('weather-run.json'));
    bad[2].parts[0].tool_call_id = 42;
    try {
      parseMessages(bad);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(MessageValidationError);
      expect((err as MessageValidationError).path).toBe('[2].parts[0].tool_call_id');
    }
  });

  it('an unknown message kind and a non-string conversation_id name their paths', () => {
    expect(() => parseMessages([{ kind: 'banana', parts: [] }])).toThrow(/\[0\]\.kind/);
    expect(() => parseMessages([{ kind: 'request', parts: [], conversation_id: 7 }])).toThrow(
      /\[0\]\.conversation_id/,
    );
  });

  it('fuzz: arbitrary JSON never crashes the parser — it returns messages or throws MessageValidationError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseMessages(value);
        } catch (err) {
          return err instanceof MessageValidationError;
        }
        return true;
      }),
      { numRuns: 1000 },
    );
  });
});
