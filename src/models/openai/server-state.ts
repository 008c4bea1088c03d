import { UserError } from '../../errors.ts';
import type { ModelMessage, ModelResponse } from '../../messages/types.ts';

/**
 * The exact error text when both server-side state settings are set (pydantic-ai #5224, the
 * backticks are part of it).
 */
export const SERVER_STATE_CONFLICT_MESSAGE =
  '`openai_previous_response_id` and `openai_conversation_id` cannot both be set because the OpenAI Responses API does not support `previous_response_id` with `conversation`.';

/** The two OpenAI server-side state settings of the Responses model. */
export interface OpenAIServerStateSettings {
  /**
   * `'auto'`: continue the newest OpenAI conversation (`conv_…`) found on this framework
   * conversation's responses; a concrete `conv_…`: send it, trimming what it already stores.
   */
  openaiConversationId?: 'auto' | (string & {}) | null;
  /** `'auto'`: chain on the newest same-provider response; a concrete `resp_…`: seed the chain. */
  openaiPreviousResponseId?: 'auto' | (string & {}) | null;
}

/** What to send: at most one of the two ids, and the messages OpenAI does not already have. */
export interface OpenAIServerState {
  previousResponseId: string | null;
  conversationId: string | null;
  messages: ModelMessage[];
}

/** Options of {@link resolveOpenAIServerState}. */
export interface ResolveServerStateOptions {
  /** The model's provider name; only responses from this provider match (P4). Default `openai`. */
  providerName?: string;
  /** Chain even when no message is newer than the matched response (the compact endpoint). */
  allowNoNewMessages?: boolean;
}

const isResponse = (m: ModelMessage): m is ModelResponse => m.kind === 'response';

/**
 * pydantic-ai `_get_conversation_id_and_new_messages`: newest to oldest, the first same-provider
 * response carrying an OpenAI conversation id (equal to `openaiId` when given, in framework
 * conversation `scope` when given) is the match; it and everything older are dropped. No match →
 * the original list.
 */
function findConversation(
  messages: readonly ModelMessage[],
  providerName: string,
  openaiId: string | null,
  scope: string | null,
): { id: string | null; messages: ModelMessage[] } {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (!isResponse(m) || m.provider_name !== providerName) continue;
    // Another framework conversation's response is never a match (legacy null ids are, P3).
    if (
      scope !== null &&
      m.conversation_id !== null &&
      m.conversation_id !== undefined &&
      m.conversation_id !== scope
    ) {
      continue;
    }
    const candidate = m.provider_details?.conversation_id;
    if (typeof candidate === 'string' && candidate !== '' && (openaiId === null || candidate === openaiId)) {
      return { id: candidate, messages: messages.slice(i + 1) };
    }
  }
  return { id: null, messages: [...messages] };
}

/**
 * pydantic-ai `_resolve_previous_response_id`'s scan: only the newest same-provider response counts;
 * a compaction response there is a boundary; at least one newer message is required unless allowed.
 */
function findPreviousResponse(
  messages: readonly ModelMessage[],
  providerName: string,
  allowNoNewMessages: boolean,
): { id: string | null; messages: ModelMessage[]; atCompaction: boolean } {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (!isResponse(m) || m.provider_name !== providerName) continue;
    if (m.provider_details?.compaction) return { id: null, messages: [...messages], atCompaction: true };
    const kept = messages.slice(i + 1);
    const id = m.provider_response_id;
    if (id && (kept.length > 0 || allowNoNewMessages)) return { id, messages: kept, atCompaction: false };
    return { id: null, messages: [...messages], atCompaction: false };
  }
  return { id: null, messages: [...messages], atCompaction: false };
}

/**
 * Decides the OpenAI server-side state of one `/responses` request and trims the history so OpenAI
 * never receives items it already stores (pydantic-ai `_resolve_server_side_state`, #5224). Pure: use
 * it in your own loop too.
 *
 * - Both settings set → {@link UserError} with {@link SERVER_STATE_CONFLICT_MESSAGE} (nothing sent).
 * - `openaiConversationId: 'auto'` → scoped to the framework conversation of the last message (the
 *   current request); with unstamped messages the search is unscoped (P2).
 * - A concrete `conv_…` → matched exactly, no scope; no match → sent with the full history (P5).
 * - Otherwise `openaiPreviousResponseId` ('auto' or a seed), or nothing.
 *
 * Matching compares `provider_name` only, never the model name (P4).
 *
 * Pitfalls, decided (each has a test):
 * - P1 (merged requests lose the scope): convtrace never merges consecutive requests, so the last
 *   message is always the run's stamped request and `'auto'` stays scoped.
 * - P2: messages without a framework id (direct model calls) make `'auto'` unscoped — documented, kept.
 * - P3: responses with a null framework id (legacy histories) stay eligible under `'auto'`, as upstream.
 * - P4: provider-name matching only; give Azure/compatible providers the name their history carries.
 * - P5: a concrete id with no matching response sends the full history into that conversation
 *   (intended for its first turn).
 * - P6: a history persisted without `conversation_id` gets a fresh id every run; persist it or pass
 *   `conversationId` (README says so).
 */
export function resolveOpenAIServerState(
  settings: OpenAIServerStateSettings | undefined,
  messages: readonly ModelMessage[],
  options: ResolveServerStateOptions = {},
): OpenAIServerState {
  const provider = options.providerName ?? 'openai';
  const conv = settings?.openaiConversationId ?? null;
  const prev = settings?.openaiPreviousResponseId ?? null;
  if (conv !== null && prev !== null) throw new UserError(SERVER_STATE_CONFLICT_MESSAGE);

  if (conv !== null) {
    if (conv === 'auto') {
      const scope = messages.at(-1)?.conversation_id ?? null;
      const found = findConversation(messages, provider, null, scope);
      return { previousResponseId: null, conversationId: found.id, messages: found.messages };
    }
    const found = findConversation(messages, provider, conv, null);
    return { previousResponseId: null, conversationId: conv, messages: found.messages };
  }

  if (prev === null) return { previousResponseId: null, conversationId: null, messages: [...messages] };
  const found = findPreviousResponse(messages, provider, options.allowNoNewMessages ?? false);
  // An in-run chain overrides a concrete seed (pydantic-ai #5113).
  if (found.id) return { previousResponseId: found.id, conversationId: null, messages: found.messages };
  if (prev === 'auto' || found.atCompaction)
    return { previousResponseId: null, conversationId: null, messages: [...messages] };
  return { previousResponseId: prev, conversationId: null, messages: [...messages] };
}
