/**
 * Message types in pydantic-ai's ModelMessage JSON shape (snake_case, `kind` / `part_kind`
 * discriminators), so `JSON.stringify` is the serializer and Python services can share histories.
 * Fields this module does not know are kept at runtime by {@link parseMessages}; these types list the
 * ones convtrace reads and writes.
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Free-form metadata attached to a message (pydantic-ai `metadata`). */
export type MessageMetadata = Record<string, unknown>;

/** System prompt, part of a request. */
export interface SystemPromptPart {
  part_kind: 'system-prompt';
  content: string;
  timestamp?: string;
  dynamic_ref?: string | null;
}

/** User input: plain text, or a list of text and multi-modal items (kept as given). */
export interface UserPromptPart {
  part_kind: 'user-prompt';
  content: string | unknown[];
  timestamp?: string;
}

/** The result of a tool call, sent back to the model. */
export interface ToolReturnPart {
  part_kind: 'tool-return';
  tool_name: string;
  content: unknown;
  tool_call_id: string;
  metadata?: unknown;
  timestamp?: string;
}

/** Asks the model to try again (bad tool arguments, a tool that asked for a retry, unknown tool). */
export interface RetryPromptPart {
  part_kind: 'retry-prompt';
  content: string | unknown[];
  tool_name?: string | null;
  tool_call_id: string;
  timestamp?: string;
}

/** Model text output. */
export interface TextPart {
  part_kind: 'text';
  content: string;
  id?: string | null;
  provider_details?: Record<string, unknown> | null;
}

/** A function tool call requested by the model. `args` is a JSON string, an object, or null. */
export interface ToolCallPart {
  part_kind: 'tool-call';
  tool_name: string;
  args: string | Record<string, unknown> | null;
  tool_call_id: string;
  id?: string | null;
  provider_details?: Record<string, unknown> | null;
}

/** Reasoning output. */
export interface ThinkingPart {
  part_kind: 'thinking';
  content: string;
  id?: string | null;
  signature?: string | null;
  provider_name?: string | null;
  provider_details?: Record<string, unknown> | null;
}

/**
 * A part kind convtrace does not model (e.g. `builtin-tool-call`, `file`, a future kind). It is kept
 * as is, so loading and saving a history never loses data.
 */
export interface UnknownPart {
  part_kind: string;
  [key: string]: unknown;
}

/** Parts a request can hold. */
export type KnownRequestPart = SystemPromptPart | UserPromptPart | ToolReturnPart | RetryPromptPart;
/** Parts a response can hold. */
export type KnownResponsePart = TextPart | ToolCallPart | ThinkingPart;
/** Any request part, including ones kept verbatim. */
export type ModelRequestPart = KnownRequestPart | UnknownPart;
/** Any response part, including ones kept verbatim. */
export type ModelResponsePart = KnownResponsePart | UnknownPart;

/** Token usage of one model response (pydantic-ai `RequestUsage`). */
export interface RequestUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_tokens?: number;
  cache_write_tokens?: number;
  input_audio_tokens?: number;
  cache_audio_read_tokens?: number;
  output_audio_tokens?: number;
  details?: Record<string, number>;
}

/** A request sent to the model: user prompt, tool returns, retries. */
export interface ModelRequest {
  kind: 'request';
  parts: ModelRequestPart[];
  timestamp?: string | null;
  instructions?: string | null;
  /** The run that produced this message (`gen_ai.agent.call.id`). */
  run_id?: string | null;
  /** The conversation this message belongs to (`gen_ai.conversation.id`); null in old histories. */
  conversation_id: string | null;
  metadata?: MessageMetadata | null;
}

/** A response from the model. */
export interface ModelResponse {
  kind: 'response';
  parts: ModelResponsePart[];
  usage?: RequestUsage;
  model_name?: string | null;
  timestamp?: string | null;
  /** Provider that answered, e.g. `openai`; the key server-side state matching uses. */
  provider_name?: string | null;
  provider_url?: string | null;
  /** Provider-specific data: `finish_reason`, OpenAI's `conversation_id` (`conv_…`), ... */
  provider_details?: Record<string, unknown> | null;
  provider_response_id?: string | null;
  finish_reason?: string | null;
  run_id?: string | null;
  conversation_id: string | null;
  metadata?: MessageMetadata | null;
}

/** One message of a conversation history. */
export type ModelMessage = ModelRequest | ModelResponse;
