/**
 * Public types of the fake OpenAI HTTP server (test support).
 *
 * Everything here is plain JSON-shaped data so tests can build replies and inspect recorded traffic
 * without importing server internals.
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** One HTTP request the fake received (every route, including rejected ones). */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path without the query string, e.g. `/v1/responses`. */
  path: string;
  /** Query parameters; repeated keys (e.g. `include[]`) become arrays. */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Parsed JSON body, or `undefined` when the body was empty or not JSON. */
  body: JsonValue | undefined;
  /** The raw body text. */
  rawBody: string;
}

/** A function tool call the fake model should make. */
export interface FakeToolCall {
  /** Tool (function) name. */
  name: string;
  /** Arguments as a JSON string or an object (serialised with `JSON.stringify`). Default `{}`. */
  arguments?: string | JsonObject;
  /** Explicit `call_…` id; generated when absent. */
  callId?: string;
}

/** Token usage overrides; unset fields are derived deterministically from the text sizes. */
export interface FakeUsage {
  /** `input_tokens` / `prompt_tokens`. */
  inputTokens?: number;
  /** `output_tokens` / `completion_tokens` (reasoning included). */
  outputTokens?: number;
  /** `input_tokens_details.cached_tokens` / `prompt_tokens_details.cached_tokens` (default 0). */
  cachedTokens?: number;
  /** `output_tokens_details.reasoning_tokens` (default: derived from `reasoning`, else 0). */
  reasoningTokens?: number;
  /** When set, `input_tokens_details.cache_write_tokens` is emitted; otherwise the key is absent. */
  cacheWriteTokens?: number;
}

/** An HTTP error the fake should answer with instead of a model reply. */
export interface FakeErrorSpec {
  /** HTTP status, e.g. 400, 401, 404, 429, 500. */
  status: number;
  /** `error.type`; defaults by status (`invalid_request_error`, `rate_limit_exceeded`, `server_error`…). */
  type?: string;
  /** `error.code`; default `null` (429 → `rate_limit_exceeded`). */
  code?: string | null;
  /** `error.message`; a default per status is used when absent. */
  message?: string;
  /** `error.param`; default `null`. */
  param?: string | null;
  /** Extra response headers. */
  headers?: Record<string, string>;
  /** Value of `x-should-retry` (default `false`, so the client does not retry). */
  shouldRetry?: boolean;
  /** For 429: `retry-after-ms` value (default 1000; `retry-after` gets the rounded-up seconds). */
  retryAfterMs?: number;
}

/** How a stream fails once `streamErrorAfter` deltas were sent. */
export interface FakeStreamError {
  /** `event` (default): an SSE error payload (+ `response.failed` for Responses); `cut`: destroy the socket. */
  mode?: 'event' | 'cut';
  /** `error.type` of the payload (default: the code). */
  type?: string;
  /** `error.code` (default `server_error`). */
  code?: string;
  /** `error.message`. */
  message?: string;
}

/**
 * One scripted model reply. Fields combine: `{ text, delayMs }` is a slow text answer. A reply without
 * `text`, `toolCalls` or `error` answers with the built-in echo text.
 */
export interface FakeReply {
  /** Assistant text. */
  text?: string;
  /** Function tool calls (Responses `function_call` items / Chat `tool_calls`). */
  toolCalls?: FakeToolCall[];
  /** Reasoning summary text (Responses only): a `reasoning` item precedes the other output. */
  reasoning?: string;
  /** Answer with this HTTP error instead. */
  error?: FakeErrorSpec;
  /** Wait this long before answering (cancelled when the client disconnects). */
  delayMs?: number;
  /** Streaming: fail after this many text/argument deltas (non-stream requests get a 500). */
  streamErrorAfter?: number;
  /** Streaming failure details for `streamErrorAfter`. */
  streamError?: FakeStreamError;
  /** Streaming: send this many deltas, then hang until the client aborts (non-stream: never answer). */
  hangAfter?: number;
  /** End as `incomplete` with `incomplete_details.reason = 'max_output_tokens'` (Chat: `finish_reason: length`). */
  incomplete?: boolean;
  /** Usage overrides. */
  usage?: FakeUsage;
  /** Model name reported in the response (default: the requested model). */
  model?: string;
}

/** A message of the model context the fake "sees", normalised across both APIs. */
export interface FakeCallMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
  /** Text content (parts joined with no separator); tool output text for `tool`. */
  text: string;
  /** Tool calls made by an assistant message. */
  toolCalls?: Array<{ callId: string; name: string; arguments: string }>;
  /** The call id a `tool` message answers. */
  callId?: string;
}

/** A function tool offered in the request. */
export interface FakeToolSpec {
  name: string;
  /** JSON schema of the parameters (`{}` when absent). */
  parameters: JsonObject;
}

/** What a responder gets for one model call. */
export interface FakeModelCall {
  api: 'responses' | 'chat.completions';
  model: string;
  /** The raw request body. */
  body: JsonObject;
  /** Full context: instructions, stored conversation / previous-response items, then the new input. */
  messages: FakeCallMessage[];
  /** Function tools offered. */
  tools: FakeToolSpec[];
  /** Text of the newest user message, if any. */
  lastUserText: string | undefined;
  /** The newest message of the context. */
  lastMessage: FakeCallMessage | undefined;
  /** Whether the request asked for SSE. */
  stream: boolean;
}

/** Decides the reply when the script queue is empty. */
export type FakeResponder = (call: FakeModelCall) => FakeReply | Promise<FakeReply>;

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** Default reply source when no scripted reply is queued (default: `echo: <last user text>`). */
  responder?: FakeResponder;
  /** Accept only this API key (default: any non-empty bearer token). */
  apiKey?: string;
  /** Status for an unknown `previous_response_id` (default 404; the live API was also seen answering 400). */
  previousResponseNotFoundStatus?: 400 | 404;
  /** Pause between SSE chunks in ms (default 0). */
  chunkDelayMs?: number;
  /** Emit `obfuscation` on delta events unless the request disables it (default true). */
  obfuscation?: boolean;
}

/** One recorded interaction of a vcrpy cassette. */
export interface CassetteInteraction {
  method: string;
  /** The recorded absolute URI. */
  uri: string;
  /** Path of the URI, e.g. `/v1/conversations/conv_…`. */
  path: string;
  /** The recorded request body (`parsed_body`), `undefined` when the request had none. */
  requestBody: JsonValue | undefined;
  status: number;
  /** Recorded response headers minus `content-length` / `transfer-encoding`. */
  responseHeaders: Record<string, string>;
  /** The response body: parsed JSON, or raw text (SSE cassettes). */
  responseBody: JsonValue | string;
}

/** A handle on a running fake server. */
export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`, ready for `new OpenAI({ baseURL, apiKey })`. */
  readonly baseURL: string;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** Server-side conversation items: conversation id → ordered items (oldest first). Deleted ones vanish. */
  readonly conversations: ReadonlyMap<string, readonly JsonObject[]>;
  /** Stored Responses objects by id (`store: false` responses are not kept). */
  readonly responses: ReadonlyMap<string, JsonObject>;
  /** Number of scripted replies still queued. */
  readonly pendingReplies: number;
  /** Queue replies for the next model calls (Responses or Chat), in order. */
  script(...replies: FakeReply[]): void;
  /** Replace the responder used when the queue is empty (`undefined` → built-in echo). */
  setResponder(responder: FakeResponder | undefined): void;
  /** Switch to replay mode: serve the cassette's interactions in order. Returns them. */
  loadCassette(path: string): CassetteInteraction[];
  /** Interactions of the loaded cassette not yet served (0 when none is loaded). */
  readonly cassetteRemaining: number;
  /** Drop requests, script, conversations, stored responses and any cassette. */
  reset(): void;
  /** Stop the server, cutting open connections (hung streams included). */
  close(): Promise<void>;
}
