import type { ApiError } from '../model/api-types.ts';

export type {
  ChangeEvent,
  ConversationHead,
  ConversationResponse,
  ListResponse,
  ListRow,
  OverviewResponse,
  TranscriptResponse,
  TurnResponse,
  TurnRow,
} from '../model/api-types.ts';

/** Fetches JSON from the inspector's API; throws with the server's message on failure. */
export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => ({ error: `HTTP ${res.status}` }))) as T | ApiError;
  if (!res.ok) throw new Error((body as ApiError).error ?? `HTTP ${res.status}`);
  return body as T;
}
