/**
 * resolveOpenAIServerState: the decision table of conversation-semantics.md §7.4 and the sibling
 * previous_response_id algorithm of §7.7 (ports of pydantic-ai tests/models/test_openai_responses.py
 * `test_openai_previous_response_id*` scenarios at 671e30538), plus pitfalls P2–P4.
 */
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { modelRequest, modelResponse } from '../../src/messages/build.ts';
import type { ModelMessage } from '../../src/messages/types.ts';
import {
  resolveOpenAIServerState,
  SERVER_STATE_CONFLICT_MESSAGE,
} from '../../src/models/openai/server-state.ts';

const user = (text: string, conversation_id: string | null = 'fw') =>
  modelRequest([{ part_kind: 'user-prompt', content: text }], { conversation_id });
const resp = (
  id: string,
  opts: { provider?: string; conv?: string; fw?: string | null; compaction?: boolean } = {},
): ModelMessage =>
  modelResponse([{ part_kind: 'text', content: id }], {
    provider_name: opts.provider ?? 'openai',
    provider_response_id: id,
    conversation_id: opts.fw === undefined ? 'fw' : opts.fw,
    provider_details: {
      ...(opts.conv ? { conversation_id: opts.conv } : {}),
      ...(opts.compaction ? { compaction: true } : {}),
    },
  });
const texts = (ms: ModelMessage[]) => ms.map((m) => (m.parts[0] as { content: string }).content);

describe('openaiConversationId decision table (§7.4)', () => {
  it("'auto' with empty history: nothing sent, all messages kept", () => {
    const s = resolveOpenAIServerState({ openaiConversationId: 'auto' }, [user('hi')]);
    expect(s).toMatchObject({ conversationId: null, previousResponseId: null });
    expect(texts(s.messages)).toEqual(['hi']);
  });

  it("'auto' finds the newest same-scope OpenAI conversation and drops it and everything older", () => {
    const h = [
      user('a'),
      resp('r1', { conv: 'conv_1' }),
      user('b'),
      resp('r2', { conv: 'conv_1' }),
      user('c'),
    ];
    const s = resolveOpenAIServerState({ openaiConversationId: 'auto' }, h);
    expect(s.conversationId).toBe('conv_1');
    expect(texts(s.messages)).toEqual(['c']);
  });

  it("'auto' after a fork ('new'): responses of the other framework conversation never match", () => {
    const h = [user('a', 'old'), resp('r1', { conv: 'conv_1', fw: 'old' }), user('b', 'forked')];
    const s = resolveOpenAIServerState({ openaiConversationId: 'auto' }, h);
    expect(s.conversationId).toBeNull();
    expect(s.messages).toHaveLength(3);
  });

  it('a concrete conv_ id is matched exactly; the newest matching response is the cut', () => {
    const h = [
      user('a'),
      resp('r1', { conv: 'conv_X' }),
      user('b'),
      resp('r2', { conv: 'conv_Y' }),
      user('c'),
    ];
    const s = resolveOpenAIServerState({ openaiConversationId: 'conv_X' }, h);
    expect(s.conversationId).toBe('conv_X');
    expect(texts(s.messages)).toEqual(['b', 'r2', 'c']);
  });

  it('a concrete id with only other-provider or other-conversation responses sends all messages plus the id', () => {
    const h = [
      user('a'),
      resp('r1', { provider: 'anthropic', conv: 'conv_X' }),
      resp('r2', { conv: 'conv_different' }),
      user('b'),
    ];
    const s = resolveOpenAIServerState({ openaiConversationId: 'conv_X' }, h);
    expect(s.conversationId).toBe('conv_X');
    expect(s.messages).toHaveLength(4);
  });

  it('both settings set: the exact UserError, for any values', () => {
    for (const [c, p] of [
      ['auto', 'auto'],
      ['conv_1', 'resp_1'],
    ]) {
      expect(() =>
        resolveOpenAIServerState({ openaiConversationId: c, openaiPreviousResponseId: p }, []),
      ).toThrow(UserError);
    }
    expect(() =>
      resolveOpenAIServerState({ openaiConversationId: 'auto', openaiPreviousResponseId: 'auto' }, []),
    ).toThrow(SERVER_STATE_CONFLICT_MESSAGE);
  });

  it('P2: unstamped messages make auto unscoped — a response of any framework conversation may match', () => {
    const h = [user('a', 'other'), resp('r1', { conv: 'conv_1', fw: 'other' }), user('b', null)];
    expect(resolveOpenAIServerState({ openaiConversationId: 'auto' }, h).conversationId).toBe('conv_1');
  });

  it('P3: legacy responses with a null framework id are always eligible under auto', () => {
    const h = [user('a', null), resp('r1', { conv: 'conv_legacy', fw: null }), user('b', 'fw')];
    expect(resolveOpenAIServerState({ openaiConversationId: 'auto' }, h).conversationId).toBe('conv_legacy');
  });

  it('P4: matching uses the provider name only — an azure-named provider does not match openai history', () => {
    const h = [user('a'), resp('r1', { conv: 'conv_1' }), user('b')];
    expect(
      resolveOpenAIServerState({ openaiConversationId: 'auto' }, h, { providerName: 'azure' }).conversationId,
    ).toBeNull();
    const azure = [user('a'), resp('r1', { conv: 'conv_1', provider: 'azure' }), user('b')];
    expect(
      resolveOpenAIServerState({ openaiConversationId: 'auto' }, azure, { providerName: 'azure' })
        .conversationId,
    ).toBe('conv_1');
  });

  it('P5: a concrete id with stale history from before the conversation existed sends everything into it', () => {
    const h = [user('old 1'), resp('r0'), user('old 2'), resp('r1'), user('now')];
    const s = resolveOpenAIServerState({ openaiConversationId: 'conv_new' }, h);
    expect(s.conversationId).toBe('conv_new');
    expect(texts(s.messages)).toEqual(['old 1', 'r0', 'old 2', 'r1', 'now']);
  });

  it('matched responses newer than the cut from other providers are still sent', () => {
    const h = [user('a'), resp('r1', { conv: 'conv_1' }), resp('x', { provider: 'anthropic' }), user('b')];
    expect(texts(resolveOpenAIServerState({ openaiConversationId: 'auto' }, h).messages)).toEqual(['x', 'b']);
  });
});

describe('openaiPreviousResponseId (§7.7, the eleven sibling scenarios)', () => {
  const prev = (setting: string | null, h: ModelMessage[]) =>
    resolveOpenAIServerState({ openaiPreviousResponseId: setting }, h);

  it('test_openai_previous_response_id: a concrete id with no history is sent as is', () => {
    expect(prev('resp_seed', [user('hi')])).toMatchObject({ previousResponseId: 'resp_seed' });
  });
  it('_auto_mode: chains on the newest openai response and sends only what came after', () => {
    const s = prev('auto', [user('a'), resp('r1'), user('b')]);
    expect(s.previousResponseId).toBe('r1');
    expect(texts(s.messages)).toEqual(['b']);
  });
  it('_mixed_model_history: only the newest same-provider response decides; others newer are kept', () => {
    const s = prev('auto', [user('a'), resp('r1'), resp('x', { provider: 'anthropic' }), user('b')]);
    expect(s.previousResponseId).toBe('r1');
    expect(texts(s.messages)).toEqual(['x', 'b']);
  });
  it('_same_model_history: no further scan past the newest same-provider response', () => {
    const s = prev('auto', [user('a'), resp('r1'), user('b'), resp('r2'), user('c')]);
    expect(s.previousResponseId).toBe('r2');
    expect(texts(s.messages)).toEqual(['c']);
  });
  it('_concrete_seed_without_history', () => {
    expect(prev('resp_seed', [])).toMatchObject({ previousResponseId: 'resp_seed', messages: [] });
  });
  it('_concrete_seed_overridden_by_history: an in-run chain wins over the seed', () => {
    expect(prev('resp_seed', [user('a'), resp('r1'), user('b')]).previousResponseId).toBe('r1');
  });
  it('_concrete_seed_with_mixed_provider_history: other providers never chain; the seed goes with all messages', () => {
    const s = prev('resp_seed', [user('a'), resp('x', { provider: 'anthropic' }), user('b')]);
    expect(s.previousResponseId).toBe('resp_seed');
    expect(s.messages).toHaveLength(3);
  });
  it('_concrete_seed_broken_by_compaction: a compaction boundary drops the seed', () => {
    const s = prev('resp_seed', [user('a'), resp('c1', { compaction: true }), user('b')]);
    expect(s.previousResponseId).toBeNull();
    expect(s.messages).toHaveLength(3);
  });
  it('_auto_broken_by_compaction', () => {
    expect(
      prev('auto', [user('a'), resp('r1'), resp('c1', { compaction: true }), user('b')]).previousResponseId,
    ).toBeNull();
  });
  it('_unset_never_chains', () => {
    const s = prev(null, [user('a'), resp('r1'), user('b')]);
    expect(s.previousResponseId).toBeNull();
    expect(s.messages).toHaveLength(3);
  });
  it('_seed_auto_chains_through_retries: requires a newer message, unless allowed (compact endpoint)', () => {
    expect(prev('auto', [user('a'), resp('r1')]).previousResponseId).toBeNull();
    const allowed = resolveOpenAIServerState({ openaiPreviousResponseId: 'auto' }, [user('a'), resp('r1')], {
      allowNoNewMessages: true,
    });
    expect(allowed).toMatchObject({ previousResponseId: 'r1', messages: [] });
  });
});
