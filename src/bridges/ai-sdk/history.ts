import { type Attributes, type Context, createContextKey } from '@opentelemetry/api';
import {
  ATTR_CONVTRACE_HISTORY_CONVERSATION_ID,
  ATTR_CONVTRACE_HISTORY_RUN_ID,
} from '../../conversation/keys.ts';
import { MAX_ID_LENGTH } from '../../conversation/prepare.ts';
import type { ConvtraceMessageIds } from './metadata.ts';

/**
 * Where a chat turn continues from (the ids on its messages' metadata), handed from `chatRun` to
 * the telemetry integration through the context — not baggage: it is for this process's
 * `invoke_agent` spans only, so the inspector can draw branches and forks.
 */
const HISTORY_KEY = createContextKey('convtrace.ai-sdk.history');

/** `ctx` carrying the history links of `ids` (nothing to add when the messages had no ids). */
export function withHistoryLinks(ctx: Context, ids: Partial<ConvtraceMessageIds>): Context {
  const links: Attributes = {};
  if (ids.runId) links[ATTR_CONVTRACE_HISTORY_RUN_ID] = ids.runId.slice(0, MAX_ID_LENGTH);
  if (ids.conversationId)
    links[ATTR_CONVTRACE_HISTORY_CONVERSATION_ID] = ids.conversationId.slice(0, MAX_ID_LENGTH);
  return Object.keys(links).length > 0 ? ctx.setValue(HISTORY_KEY, links) : ctx;
}

/** The history links set by {@link withHistoryLinks} on `ctx`, if any. */
export function historyLinksOf(ctx: Context): Attributes | undefined {
  return ctx.getValue(HISTORY_KEY) as Attributes | undefined;
}
