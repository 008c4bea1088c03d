import type { Agent } from '../../agent/agent.ts';
import type { ModelMessage } from '../../messages/types.ts';
import type { ModelSettings } from '../../models/model.ts';

/** Options both UI protocol handlers take. */
export interface UiRequestOptions {
  /**
   * Explicit conversation id; wins over the protocol's own thread / chat id. `'new'` forks into a
   * fresh conversation.
   */
  conversationId?: string | null;
  /** Server-side history, prepended to the messages the frontend sent. */
  messageHistory?: readonly ModelMessage[];
  /** Cancels the run (the request's own `signal` always does). */
  signal?: AbortSignal;
  /** Model settings for this run. */
  modelSettings?: ModelSettings;
  /** The error text sent to the client when the run fails; default the error's message. */
  errorMessage?: (error: unknown) => string;
  /** Largest accepted request body in bytes (413 above); default 8 MiB. */
  maxBodyBytes?: number;
}

/** The agent a handler runs: anything with {@link Agent.runStream}, e.g. an {@link Agent}. */
export type StreamingAgent = Pick<Agent, 'runStream'> & { readonly model?: Agent['model'] };

/** The request's signal combined with the caller's. */
export function combinedSignal(request: Request, extra: AbortSignal | undefined): AbortSignal {
  return extra ? AbortSignal.any([request.signal, extra]) : request.signal;
}

/** Response headers of a server-sent-event stream. */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};
