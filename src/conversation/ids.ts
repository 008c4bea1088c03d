import { v7 as uuidv7 } from 'uuid';
import type { ModelMessage } from '../messages/types.ts';

/**
 * Passing `conversationId: 'new'` forks: the run gets a fresh conversation id and ignores any id on
 * its history. Only a sentinel for conversation ids (a run id of `'new'` would be taken literally).
 */
export const NEW_CONVERSATION = 'new';

/** Mints the id of one agent run (`gen_ai.agent.call.id`). Independent of the conversation id. */
export function newRunId(): string {
  return uuidv7();
}

/**
 * Resolves a run's conversation id, exactly as pydantic-ai's `resolve_conversation_id`:
 * 1. `explicit === 'new'` → a fresh UUIDv7 (fork);
 * 2. any other non-null `explicit` is used verbatim (even `''`);
 * 3. otherwise the newest message on `history` (scanning backwards, request or response) with a
 *    non-null `conversation_id`;
 * 4. otherwise a fresh UUIDv7.
 *
 * Call it once per run, with the history the caller passed in.
 */
export function resolveConversationId(
  explicit: string | null | undefined,
  history: readonly ModelMessage[] | null | undefined,
): string {
  if (explicit === NEW_CONVERSATION) return uuidv7();
  if (explicit !== null && explicit !== undefined) return explicit;
  if (history) {
    for (let i = history.length - 1; i >= 0; i--) {
      const id = history[i]?.conversation_id;
      if (id !== null && id !== undefined) return id;
    }
  }
  return uuidv7();
}
