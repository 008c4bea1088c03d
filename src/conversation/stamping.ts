import type { ModelMessage } from '../messages/types.ts';

/*
 * Stamping rules S1–S8 — the sites where pydantic-ai writes `run_id` / `conversation_id` on a
 * message (numbering of the project reference `conversation-semantics.md` §3, which cites
 * `pydantic_ai/_agent_graph.py@09428c97d` for each). The codes appear in comments where convtrace
 * applies the same rule (`src/agent/run-loop.ts`):
 *
 *   S1  resume without a prompt: the trailing request is rebuilt and keeps its own ids/metadata.
 *   S2  a request the run produces (first prompt, every tool-return / retry request): fill if missing.
 *   S3  the last message before the model call (the resumed S1 request): fill if missing.
 *   S4  a model response as it arrives: fill if missing.
 *   S5  responses appended on error / retry paths: fill if missing (convtrace appends none; S4 covers
 *       every response it keeps).
 *   S6  the closing request holding tool returns at the end of a run: created with the run's ids
 *       (convtrace ends a run on a response without tool calls, so it never makes one).
 *   S7  `run_stream`'s closing request: as S6 (no such request here either).
 *   S8  the final streamed response: OVERWRITE both ids (the only site that does not fill-if-missing).
 *
 * S1–S7 use {@link stampIfMissing}; S8 uses {@link stampOverwrite}.
 */

/** The two ids stamped on messages. */
export interface MessageIds {
  runId: string;
  conversationId: string;
}

/**
 * Fills `run_id` and `conversation_id` where they are missing (sites S1–S7 above): a message
 * that already carries an id keeps it. Mutates and returns `message` (it is one the run produced).
 */
export function stampIfMissing<M extends ModelMessage>(message: M, ids: MessageIds): M {
  message.run_id ??= ids.runId;
  message.conversation_id ??= ids.conversationId;
  return message;
}

/**
 * Overwrites both ids (site S8 above: the final response of a stream, which the streaming model built
 * before it knew which run it belonged to).
 */
export function stampOverwrite<M extends ModelMessage>(message: M, ids: MessageIds): M {
  message.run_id = ids.runId;
  message.conversation_id = ids.conversationId;
  return message;
}
