/**
 * The run ids as they ride on AI SDK `UIMessage.metadata`, under one key so they never collide with
 * an app's own metadata fields. Written on the assistant message a turn streams out; read back from
 * the newest message that has them when a chat comes back without its id.
 */

/** The key under `UIMessage.metadata` that holds {@link ConvtraceMessageIds}. */
export const MESSAGE_METADATA_KEY = 'convtrace';

/** The ids convtrace writes on an assistant `UIMessage`'s metadata. */
export interface ConvtraceMessageIds {
  /** `gen_ai.conversation.id` of the turn that produced the message. */
  conversationId: string;
  /** `gen_ai.agent.call.id` of that turn. */
  runId: string;
}

/** `UIMessage.metadata` carrying convtrace's ids: `{ convtrace: { conversationId, runId } }`. */
export interface ConvtraceMessageMetadata {
  [MESSAGE_METADATA_KEY]: ConvtraceMessageIds;
}

function idsOn(message: unknown): Partial<ConvtraceMessageIds> | undefined {
  if (message === null || typeof message !== 'object') return undefined;
  const metadata = (message as { metadata?: unknown }).metadata;
  if (metadata === null || typeof metadata !== 'object') return undefined;
  const ids = (metadata as Record<string, unknown>)[MESSAGE_METADATA_KEY];
  return ids !== null && typeof ids === 'object' ? (ids as Partial<ConvtraceMessageIds>) : undefined;
}

/**
 * The ids on the newest messages (scanning backwards) whose metadata carries them — the conversation
 * id as `resolveConversationId` finds it on ModelMessages, and the run id of the turn a new run
 * continues. Either is `undefined` when no message carries it; non-string values are ignored.
 */
export function idsFromMetadata(messages: readonly unknown[]): Partial<ConvtraceMessageIds> {
  const out: Partial<ConvtraceMessageIds> = {};
  for (let i = messages.length - 1; i >= 0; i--) {
    const ids = idsOn(messages[i]);
    if (out.conversationId === undefined && typeof ids?.conversationId === 'string')
      out.conversationId = ids.conversationId;
    if (out.runId === undefined && typeof ids?.runId === 'string') out.runId = ids.runId;
    if (out.conversationId !== undefined && out.runId !== undefined) break;
  }
  return out;
}
