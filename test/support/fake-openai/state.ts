/** The mutable state one fake server instance shares between its routes. */
import type { CassettePlayer } from './cassette.ts';
import { ConversationStore } from './conversation-store.ts';
import type { FakeOpenAIOptions, FakeReply, FakeResponder, JsonObject } from './types.ts';

/** A stored Responses object plus what `previous_response_id` chaining needs. */
export interface StoredResponse {
  /** The public Response object. */
  response: JsonObject;
  /** Items the model saw (history + normalised input), oldest first. */
  context: JsonObject[];
  /** The request's normalised input items (`GET /responses/{id}/input_items`). */
  inputItems: JsonObject[];
}

/** Shared server state. */
export interface FakeState {
  readonly options: FakeOpenAIOptions;
  /** Scripted replies, consumed front first. */
  script: FakeReply[];
  responder: FakeResponder | undefined;
  readonly conversations: ConversationStore;
  readonly responses: Map<string, StoredResponse>;
  cassette: CassettePlayer | null;
}

/** Fresh state for a server. */
export function createState(options: FakeOpenAIOptions): FakeState {
  return {
    options,
    script: [],
    responder: options.responder,
    conversations: new ConversationStore(),
    responses: new Map(),
    cassette: null,
  };
}
