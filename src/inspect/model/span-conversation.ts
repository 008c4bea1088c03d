import {
  ATTR_CONVTRACE_HISTORY_CONVERSATION_ID,
  ATTR_GEN_AI_CONVERSATION_ID,
} from '../../conversation/keys.ts';
import type { AttributeMap } from './span-record.ts';

/**
 * Which attributes tie a span to a conversation — the one home of that rule (grouping, the store's
 * index and the Jaeger searches all use it).
 */

/**
 * Attributes naming the conversation a span belongs to, strongest first: the GenAI semconv id
 * (convtrace, Mastra, pydantic-ai, the AI SDK), else a session id — OpenInference's `session.id`
 * (Phoenix), Langfuse's `langfuse.session.id`.
 */
export const CONVERSATION_ID_KEYS: readonly string[] = [
  ATTR_GEN_AI_CONVERSATION_ID,
  'session.id',
  'langfuse.session.id',
];

/** Attribute naming the conversation a forked run's history came from (convtrace `invoke_agent` spans). */
export const FORK_ORIGIN_KEY = ATTR_CONVTRACE_HISTORY_CONVERSATION_ID;

/** The conversation ties of one span. */
export interface SpanConversation {
  /** The conversation the span belongs to. */
  id?: string;
  /** The conversation its run's history was forked from (a run of `id` listed in the origin's forks). */
  forkOrigin?: string;
}

/** The conversation a span belongs to (first non-empty {@link CONVERSATION_ID_KEYS}) and its fork origin. */
export function spanConversation(attributes: AttributeMap): SpanConversation {
  const out: SpanConversation = {};
  for (const key of CONVERSATION_ID_KEYS) {
    const v = attributes[key];
    if (typeof v === 'string' && v !== '') {
      out.id = v;
      break;
    }
  }
  const origin = attributes[FORK_ORIGIN_KEY];
  if (out.id !== undefined && typeof origin === 'string' && origin !== '' && origin !== out.id)
    out.forkOrigin = origin;
  return out;
}

/**
 * Conversations whose view needs this span's trace: its own, and the one it was forked from (whose
 * view lists the fork).
 */
export function conversationKeys(attributes: AttributeMap): string[] {
  const { id, forkOrigin } = spanConversation(attributes);
  if (id === undefined) return [];
  return forkOrigin === undefined ? [id] : [id, forkOrigin];
}
