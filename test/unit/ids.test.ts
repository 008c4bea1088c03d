import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NEW_CONVERSATION, newRunId, resolveConversationId } from '../../src/conversation/ids.ts';
import { modelRequest, modelResponse } from '../../src/messages/build.ts';
import type { ModelMessage } from '../../src/messages/types.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const req = (conversation_id: string | null): ModelMessage => modelRequest([], { conversation_id });
const resp = (conversation_id: string | null): ModelMessage => modelResponse([], { conversation_id });

describe('resolveConversationId (pydantic-ai resolve_conversation_id, §2)', () => {
  it("'new' forks: a fresh UUIDv7 even when the history has an id", () => {
    const id = resolveConversationId(NEW_CONVERSATION, [req('old')]);
    expect(id).toMatch(UUID_V7);
    expect(id).not.toBe('old');
  });

  it('an explicit id is used verbatim, even the empty string', () => {
    expect(resolveConversationId('conv-app-42', [req('old')])).toBe('conv-app-42');
    expect(resolveConversationId('', [req('old')])).toBe('');
  });

  it('otherwise the newest non-null id on the history wins, scanning backwards over requests and responses', () => {
    expect(resolveConversationId(null, [req('a'), resp('b'), req(null)])).toBe('b');
    expect(resolveConversationId(undefined, [req('a'), resp(null), req('c')])).toBe('c');
  });

  it('with no id anywhere a fresh UUIDv7 is minted', () => {
    expect(resolveConversationId(null, [req(null), resp(null)])).toMatch(UUID_V7);
    expect(resolveConversationId(undefined, undefined)).toMatch(UUID_V7);
  });

  it('run ids are UUIDv7 minted independently of conversation ids', () => {
    const a = newRunId();
    const b = resolveConversationId(null, []);
    expect(a).toMatch(UUID_V7);
    expect(a).not.toBe(b);
  });

  it('property: the result is always the explicit id, a history id, or a fresh UUIDv7', () => {
    const id = fc.oneof(fc.constant(null), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant('new'), fc.string()),
        fc.array(id),
        (explicit, ids) => {
          const history = ids.map((c, i) => (i % 2 ? resp(c) : req(c)));
          const got = resolveConversationId(explicit, history);
          if (explicit === 'new') return UUID_V7.test(got);
          if (explicit !== null && explicit !== undefined) return got === explicit;
          const newest = [...ids].reverse().find((c) => c !== null);
          return newest !== undefined ? got === newest : UUID_V7.test(got);
        },
      ),
      { numRuns: 500 },
    );
  });
});
