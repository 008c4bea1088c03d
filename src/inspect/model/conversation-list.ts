import { assembleConversation, type Conversation, type ForkRef } from './conversation-model.ts';
import type { UsageByModel } from './prices.ts';
import type { TokenUsage } from './span-classify.ts';
import { conversationKeys } from './span-conversation.ts';
import type { SpanRecord } from './span-record.ts';

/** One row of the conversation list. */
export interface ConversationSummary {
  id: string;
  turns: number;
  spans: number;
  usage: TokenUsage;
  /** Usage split by model, for pricing (absent in rows written before it existed). */
  usageByModel?: UsageByModel;
  errors: number;
  models: string[];
  agents: string[];
  /** `service.name` of every span (absent in rows written before it existed). */
  services?: string[];
  startMs: number;
  /** Last activity (end of the latest span). */
  endMs: number;
  /** Branch lanes (1 = linear). */
  lanes: number;
  forkedFrom?: ForkRef;
  /** Number of other conversations forked from this one. */
  forks: number;
  /** The first turn's prompt, when content was captured. */
  firstPrompt?: string;
}

/** The list row of an assembled conversation. */
export function summarize(c: Conversation): ConversationSummary {
  const row: ConversationSummary = {
    id: c.id,
    turns: c.turns.length,
    spans: c.spanCount,
    usage: c.usage,
    usageByModel: c.usageByModel,
    errors: c.errors,
    models: c.models,
    agents: c.agents,
    services: c.services,
    startMs: c.startMs,
    endMs: c.endMs,
    lanes: c.lanes,
    forks: c.forks.length,
  };
  if (c.forkedFrom) row.forkedFrom = c.forkedFrom;
  const prompt = c.turns[0]?.prompt;
  if (prompt) row.firstPrompt = prompt.length > 200 ? `${prompt.slice(0, 199)}…` : prompt;
  return row;
}

/** Groups spans (whole traces) into conversations and summarises each, most recent activity first. */
export function summarizeConversations(spans: readonly SpanRecord[]): ConversationSummary[] {
  const tracesByConv = new Map<string, Set<string>>();
  const spansByTrace = new Map<string, SpanRecord[]>();
  for (const s of spans) {
    let list = spansByTrace.get(s.traceId);
    if (!list) {
      list = [];
      spansByTrace.set(s.traceId, list);
    }
    list.push(s);
    // A fork's traces also belong to the conversation it came from (for its fork count).
    for (const conv of conversationKeys(s.attributes)) {
      let set = tracesByConv.get(conv);
      if (!set) {
        set = new Set();
        tracesByConv.set(conv, set);
      }
      set.add(s.traceId);
    }
  }
  const rows: ConversationSummary[] = [];
  for (const [conv, traceIds] of tracesByConv) {
    const subset: SpanRecord[] = [];
    for (const t of traceIds) subset.push(...(spansByTrace.get(t) ?? []));
    const c = assembleConversation(subset, conv);
    if (c && c.turns.length > 0) rows.push(summarize(c));
  }
  return rows.sort((a, b) => b.endMs - a.endMs);
}

/**
 * Case-insensitive filter over id, agents, models and first prompt. An empty query keeps everything.
 */
export function filterSummaries(
  rows: readonly ConversationSummary[],
  query: string | undefined,
): ConversationSummary[] {
  const q = query?.trim().toLowerCase();
  if (!q) return [...rows];
  return rows.filter((r) =>
    [r.id, ...r.agents, ...r.models, r.firstPrompt ?? ''].some((field) => field.toLowerCase().includes(q)),
  );
}
