/** Metadata keys a LangChain / LangSmith thread is known by, in the order convtrace reads them. */
export const METADATA_CONVERSATION_KEYS = ['conversation_id', 'session_id', 'thread_id'] as const;

/** The parts of a LangChain `RunnableConfig` the conversation id is read from. */
export interface ConversationConfig {
  configurable?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** The first of `conversation_id`, `session_id`, `thread_id` set in `metadata`. */
export function conversationIdFromMetadata(
  metadata: Record<string, unknown> | undefined,
): string | undefined {
  if (!metadata) return undefined;
  for (const key of METADATA_CONVERSATION_KEYS) {
    const id = idOf(metadata[key]);
    if (id !== undefined) return id;
  }
  return undefined;
}

/**
 * The conversation id a LangChain invocation names: `configurable.thread_id` (LangGraph's
 * checkpointer thread), else metadata `conversation_id` / `session_id` / `thread_id`.
 */
export function conversationIdFromConfig(config: ConversationConfig | undefined): string | undefined {
  return idOf(config?.configurable?.thread_id) ?? conversationIdFromMetadata(config?.metadata);
}
