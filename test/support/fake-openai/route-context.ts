/** What every route handler receives. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeState } from './state.ts';
import type { JsonValue } from './types.ts';

/** Per-request context handed to route handlers. */
export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly body: JsonValue | undefined;
  /** Aborts when the client disconnects before the response finished. */
  readonly signal: AbortSignal;
  /** `Date.now()` when the request arrived (for `openai-processing-ms`). */
  readonly startedAt: number;
  readonly state: FakeState;
}

/** A route handler; `params` are the path captures (decoded). */
export type RouteHandler = (ctx: RouteContext, params: string[]) => Promise<void> | void;
