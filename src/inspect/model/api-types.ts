import type { ConversationSummary } from './conversation-list.ts';
import type { Conversation } from './conversation-model.ts';

/** The inspector page's JSON API, shared by the server (`server/`) and the page (`web/`, types only). */

/** `GET /api/conversations` answer. */
export interface ListResponse {
  /** Where spans come from, e.g. `Jaeger at http://…`. */
  source: string;
  /** This page, most recent activity first. */
  conversations: ConversationSummary[];
  /** Conversations matching the query, all pages. */
  total: number;
  offset: number;
  limit: number;
  /** Caps the source hit (the list may be incomplete), with numbers. */
  warnings: string[];
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

/** Error answer of the API. */
export interface ApiError {
  error: string;
}
