import type { ChatMessage } from '../display/messages.ts';
import type { ConversationSummary } from './conversation-list.ts';
import type { Conversation, Turn } from './conversation-model.ts';
import type { Cost } from './prices.ts';

/** The inspector page's JSON API, shared by the server (`server/`) and the page (`web/`, types only). */

/** A conversation list row with its cost. */
export type ListRow = ConversationSummary & { cost?: Cost };

/** `GET /api/conversations` answer. */
export interface ListResponse {
  /** Where spans come from, e.g. `Jaeger at http://…`. */
  source: string;
  /** This page, most recent activity first. */
  conversations: ListRow[];
  /** Conversations matching the query, all pages. */
  total: number;
  offset: number;
  limit: number;
  /** Caps the source hit (the list may be incomplete), with numbers. */
  warnings: string[];
  /** Date of the price table the costs use. */
  pricesAsOf?: string;
}

/** `GET /api/conversations/:id` answer. */
export interface ConversationResponse {
  source: string;
  conversation: Conversation;
  /** Jaeger UI link per trace id, when Jaeger is configured. */
  traceUrls: Record<string, string>;
  /** Caps the source hit (the conversation may be incomplete), with numbers. */
  warnings: string[];
}

/** One row of a conversation's turn overview (a turn without its spans). */
export interface TurnRow {
  index: number;
  runId: string;
  agentName?: string;
  startMs: number;
  durationMs: number;
  usage: Turn['usage'];
  cost: Cost;
  modelCalls: number;
  toolCalls: number;
  spanCount: number;
  errors: number;
  models: string[];
  lane: number;
  branchFrom?: number;
  forkedFrom?: Turn['forkedFrom'];
  /** The user's prompt, when content was captured. */
  prompt?: string;
}

/** A conversation without its span trees: the head of the overview. */
export type ConversationHead = Omit<Conversation, 'turns' | 'other'> & {
  cost: Cost;
  turnCount: number;
  /** Spans outside every turn. */
  otherSpans: number;
};

/** `GET /api/conversations/:id/overview` answer: every turn as one row. */
export interface OverviewResponse {
  source: string;
  conversation: ConversationHead;
  turns: TurnRow[];
  warnings: string[];
  pricesAsOf: string;
}

/** `GET /api/conversations/:id/turns/:index` answer: one turn with its spans and transcript. */
export interface TurnResponse {
  source: string;
  conversationId: string;
  turn: Turn;
  cost: Cost;
  /** The turn as a chat, or null when no content was captured. */
  transcript: ChatMessage[] | null;
  traceUrls: Record<string, string>;
  /** How to turn content capture on (shown when `transcript` is null). */
  captureHint: string;
}

/** `GET /api/conversations/:id/transcript?from=&limit=` answer: a slice of turns as chats. */
export interface TranscriptResponse {
  /** Turns in the conversation. */
  total: number;
  turns: Array<{
    index: number;
    startMs: number;
    agentName?: string;
    /** The turn as a chat, or null when no content was captured. */
    messages: ChatMessage[] | null;
  }>;
  captureHint: string;
}

/** A server-sent event of `GET /api/events`: conversations that received spans. */
export interface ChangeEvent {
  conversations: string[];
}

/** Error answer of the API. */
export interface ApiError {
  error: string;
}
