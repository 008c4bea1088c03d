import type { ModelMessage } from '../messages/types.ts';

/** The two ids stamped on messages. */
export interface MessageIds {
  runId: string;
  conversationId: string;
}

/**
 * Fills `run_id` and `conversation_id` where they are missing (pydantic-ai sites S2–S7): a message
 * that already carries an id keeps it. Mutates and returns `message` (it is one the run produced).
 */
export function stampIfMissing<M extends ModelMessage>(message: M, ids: MessageIds): M {
  message.run_id ??= ids.runId;
  message.conversation_id ??= ids.conversationId;
  return message;
}

/**
 * Overwrites both ids (site S8: the final response of a stream, which the streaming model built
 * before it knew which run it belonged to).
 */
export function stampOverwrite<M extends ModelMessage>(message: M, ids: MessageIds): M {
  message.run_id = ids.runId;
  message.conversation_id = ids.conversationId;
  return message;
}
