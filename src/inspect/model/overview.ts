import type { ConversationHead, TurnRow } from './api-types.ts';
import type { Conversation, Turn } from './conversation-model.ts';
import { costOf, type PriceTable } from './prices.ts';

/** One overview row of a turn (no spans), priced with `prices`. */
export function turnRow(t: Turn, prices: PriceTable): TurnRow {
  const row: TurnRow = {
    index: t.index,
    runId: t.runId,
    startMs: t.startMs,
    durationMs: t.durationMs,
    usage: t.usage,
    cost: costOf(t.usageByModel, prices),
    modelCalls: t.modelCalls,
    toolCalls: t.toolCalls,
    spanCount: t.spanCount,
    errors: t.errors,
    models: t.models,
    lane: t.lane,
  };
  if (t.agentName) row.agentName = t.agentName;
  if (t.branchFrom !== undefined) row.branchFrom = t.branchFrom;
  if (t.forkedFrom) row.forkedFrom = t.forkedFrom;
  if (t.prompt) row.prompt = t.prompt.length > 500 ? `${t.prompt.slice(0, 499)}…` : t.prompt;
  return row;
}

/** A conversation as its head (totals, cost) and one row per turn. */
export function conversationOverview(
  c: Conversation,
  prices: PriceTable,
): { head: ConversationHead; turns: TurnRow[] } {
  const { turns, other, ...rest } = c;
  let otherSpans = 0;
  const stack = [...other];
  while (stack.length > 0) {
    otherSpans++;
    stack.push(...stack.pop()!.children);
  }
  return {
    head: { ...rest, cost: costOf(c.usageByModel, prices), turnCount: turns.length, otherSpans },
    turns: turns.map((t) => turnRow(t, prices)),
  };
}
