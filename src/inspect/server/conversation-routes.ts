import { CAPTURE_CONTENT_ENV } from '../../semconv/content.ts';
import type { OverviewResponse, TranscriptResponse, TurnResponse } from '../model/api-types.ts';
import { assembleConversation, type Conversation } from '../model/conversation-model.ts';
import { conversationOverview } from '../model/overview.ts';
import { costOf, type PriceTable } from '../model/prices.ts';
import { turnTranscript } from '../model/turn-transcript.ts';
import type { SpanSource } from '../sources/source.ts';
import type { ChangeFeed } from './change-feed.ts';

/** Shown on the page when a turn has no captured content. */
export const CAPTURE_HINT =
  `Prompts and replies are recorded only when you opt in: set ${CAPTURE_CONTENT_ENV}=true in the ` +
  "agent's environment (or pass captureMessageContent: true to convtrace), then run the agent again.";

type Assembled = { conversation: Conversation; warnings: string[] } | undefined;

/** How long an assembled conversation is reused without a change event (other writers, Jaeger). */
const REUSE_MS = 2000;

/**
 * Reads and assembles conversations, reusing the last few for {@link REUSE_MS}: opening a page asks
 * for the overview and then a turn of the same conversation, and a 1,000-turn conversation costs
 * ~100 ms to read and assemble. A change event for the conversation drops it at once.
 */
export class ConversationReader {
  readonly source: SpanSource;
  private readonly recent = new Map<string, { at: number; value: Promise<Assembled> }>();

  constructor(source: SpanSource, changes?: ChangeFeed) {
    this.source = source;
    changes?.subscribe((ids) => {
      for (const id of ids) this.recent.delete(id);
    });
  }

  read(id: string): Promise<Assembled> {
    const now = Date.now();
    const hit = this.recent.get(id);
    if (hit && now - hit.at < REUSE_MS) return hit.value;
    const value = this.source.readConversation(id).then(({ spans, warnings }) => {
      const conversation = assembleConversation(spans, id);
      return conversation ? { conversation, warnings } : undefined;
    });
    value.catch(() => this.recent.delete(id));
    this.recent.set(id, { at: now, value });
    while (this.recent.size > 8) this.recent.delete(this.recent.keys().next().value!);
    return value;
  }
}

/** Trace UI (Jaeger) link per trace id, for the ids the source can link. */
export function traceLinks(source: SpanSource, traceIds: readonly string[]): Record<string, string> {
  const links: Record<string, string> = {};
  for (const t of traceIds) {
    const link = source.traceUrl(t);
    if (link) links[t] = link;
  }
  return links;
}

/** `/api/conversations/:id/overview`: every turn as one priced row (no spans), or undefined. */
export async function overviewResponse(
  reader: ConversationReader,
  id: string,
  prices: PriceTable,
): Promise<OverviewResponse | undefined> {
  const { source } = reader;
  const found = await reader.read(id);
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
  reader: ConversationReader,
  id: string,
  index: number | 'last',
  prices: PriceTable,
): Promise<TurnResponse | undefined> {
  const { source } = reader;
  const turns = (await reader.read(id))?.conversation.turns ?? [];
  const turn = turns[index === 'last' ? turns.length - 1 : index - 1];
  if (!turn) return undefined;
  const traceUrls = traceLinks(source, turn.traceIds);
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

/** `/api/conversations/:id/transcript?from=&limit=`: turns `from` (1-based) onwards as chats. */
export async function transcriptResponse(
  reader: ConversationReader,
  id: string,
  from: number,
  limit: number,
): Promise<TranscriptResponse | undefined> {
  const found = await reader.read(id);
  if (!found) return undefined;
  const all = found.conversation.turns;
  return {
    total: all.length,
    turns: all.slice(from - 1, from - 1 + limit).map((t) => {
      const row: TranscriptResponse['turns'][number] = {
        index: t.index,
        startMs: t.startMs,
        messages: turnTranscript(t) ?? null,
      };
      if (t.agentName) row.agentName = t.agentName;
      return row;
    }),
    captureHint: CAPTURE_HINT,
  };
}
