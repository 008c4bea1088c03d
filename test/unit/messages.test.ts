import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageValidationError } from '../../src/errors.ts';
import { modelRequest, modelResponse } from '../../src/messages/build.ts';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';

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
