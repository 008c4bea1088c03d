/**
 * The attribute (and baggage) keys of run identity: the three ids every span of a run carries, and
 * the history links that tie a run to the turn it continues. Their one home; `semconv/` holds the
 * other GenAI keys.
 */

/** The framework conversation id shared by every run that builds on the same history. */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
/** The per-run id (pydantic-ai's `run_id`). */
export const ATTR_GEN_AI_AGENT_CALL_ID = 'gen_ai.agent.call.id';
/** The agent's name. */
export const ATTR_GEN_AI_AGENT_NAME = 'gen_ai.agent.name';

/**
 * convtrace extension, set on the `invoke_agent` span when a run starts from a message history: the
 * run id (`run_id`) of the newest history message that has one — the turn this run continues from.
 * Lets the inspector draw branches (two runs continuing the same turn) and forks.
 */
export const ATTR_CONVTRACE_HISTORY_RUN_ID = 'convtrace.history.run_id';
/**
 * convtrace extension, set with {@link ATTR_CONVTRACE_HISTORY_RUN_ID}: the conversation id found on the
 * history (what `resolveConversationId` returns without an explicit id). Differs from
 * `gen_ai.conversation.id` exactly when the run forked (`conversationId: 'new'`).
 */
export const ATTR_CONVTRACE_HISTORY_CONVERSATION_ID = 'convtrace.history.conversation_id';

/** The three ids that ride in W3C baggage during a run, in pydantic-ai's write order. */
export const RUN_BAGGAGE_KEYS = [
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_CONVERSATION_ID,
] as const;

/**
 * convtrace extension on the `invoke_agent` span: the run's turn number in its conversation — the
 * distinct run ids on its history + 1 (a fork continues counting from the turn it forked at).
 */
export const ATTR_CONVTRACE_TURN_INDEX = 'convtrace.turn.index';
/** Attribute on the span link from a run to the previous turn's run: always `previous_turn`. */
export const ATTR_CONVTRACE_LINK_TYPE = 'convtrace.link.type';
