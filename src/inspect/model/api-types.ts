import type { ConversationSummary } from './conversation-list.ts';
import type { Conversation } from './conversation-model.ts';

/** The inspector page's JSON API, shared by the server (`server/`) and the page (`web/`, types only). */

/** `GET /api/conversations` answer. */
export interface ListResponse {
  /** Where spans come from, e.g. `Jaeger at http://…`. */
  source: string;
  conversations: ConversationSummary[];
}

/** `GET /api/conversations/:id` answer. */
export interface ConversationResponse {
  source: string;
  conversation: Conversation;
  /** Jaeger UI link per trace id, when Jaeger is configured. */
  traceUrls: Record<string, string>;
}

/** Error answer of the API. */
export interface ApiError {
  error: string;
}
