import type { ConversationSummary } from '../model/conversation-list.ts';
import type { Conversation } from '../model/conversation-model.ts';

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

/** Fetches JSON from the inspector's API; throws with the server's message on failure. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T | ApiError;
  if (!res.ok) throw new Error((body as ApiError).error ?? `HTTP ${res.status}`);
  return body as T;
}
