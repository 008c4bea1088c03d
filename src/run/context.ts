import type { Span } from '@opentelemetry/api';

/**
 * What a run hands to the code it runs (tools, the user's own loop): the ids every message and span
 * of the run carries. pydantic-ai's `RunContext.run_id` / `conversation_id`.
 */
export interface RunContext {
  /** This run's id (`gen_ai.agent.call.id`), a UUIDv7. */
  readonly runId: string;
  /** The conversation id (`gen_ai.conversation.id`) shared with every run on the same history. */
  readonly conversationId: string;
  /** The agent's name (`gen_ai.agent.name`). */
  readonly agentName: string;
  /** The run's turn in its conversation (`convtrace.turn.index`): distinct run ids on the history + 1. */
  readonly turnIndex: number;
  /** The `invoke_agent` span (non-recording when tracing is off). */
  readonly span: Span;
}
