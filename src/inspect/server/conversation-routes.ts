import { CAPTURE_CONTENT_ENV } from '../../semconv/content.ts';
import type { OverviewResponse, TurnResponse } from '../model/api-types.ts';
import { assembleConversation, type Conversation } from '../model/conversation-model.ts';
import { conversationOverview } from '../model/overview.ts';
import { costOf, type PriceTable } from '../model/prices.ts';
import { turnTranscript } from '../model/turn-transcript.ts';
import type { SpanSource } from '../sources/source.ts';

/** Shown on the page when a turn has no captured content. */
export const CAPTURE_HINT =
  `Prompts and replies are recorded only when you opt in: set ${CAPTURE_CONTENT_ENV}=true in the ` +
  "agent's environment (or pass captureMessageContent: true to convtrace), then run the agent again.";

async function read(
  source: SpanSource,
  id: string,
): Promise<{ conversation: Conversation; warnings: string[] } | undefined> {
  const { spans, warnings } = await source.readConversation(id);
  const conversation = assembleConversation(spans, id);
  return conversation ? { conversation, warnings } : undefined;
}

/** `/api/conversations/:id/overview`: every turn as one priced row (no spans), or undefined. */
export async function overviewResponse(
  source: SpanSource,
  id: string,
  prices: PriceTable,
): Promise<OverviewResponse | undefined> {
  const found = await read(source, id);
  if (!found) return undefined;
  const { head, turns } = conversationOverview(found.conversation, prices);
  return {
    source: source.description,
    conversation: head,
    turns,
    warnings: found.warnings,
    pricesAsOf: prices.asOf,
  };
}

/** `/api/conversations/:id/turns/:index`: one turn with spans, cost and transcript; undefined if absent. */
export async function turnResponse(
  source: SpanSource,
  id: string,
  index: number,
  prices: PriceTable,
): Promise<TurnResponse | undefined> {
  const found = await read(source, id);
  const turn = found?.conversation.turns[index - 1];
  if (!turn) return undefined;
  const traceUrls: Record<string, string> = {};
  for (const t of turn.traceIds) {
    const link = source.traceUrl(t);
    if (link) traceUrls[t] = link;
  }
  return {
    source: source.description,
    conversationId: id,
    turn,
    cost: costOf(turn.usageByModel, prices),
    transcript: turnTranscript(turn) ?? null,
    traceUrls,
    captureHint: CAPTURE_HINT,
  };
}
