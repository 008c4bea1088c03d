/**
 * Message types in pydantic-ai's ModelMessage JSON shape (`pydantic_ai/messages.py`: snake_case,
 * `kind` / `part_kind` discriminators), so `JSON.stringify` is the serializer and Python services can
 * share histories. Field docs follow messages.py.
 *
 * One source of truth with the zod schemas in `schema.ts`: each schema is checked at compile time to
 * infer exactly the type here (`schema.ts` ends with the checks), so what the types say and what
 * {@link parseMessages} accepts cannot drift. They are written out (not `z.infer`red) so these docs
 * reach the published `.d.ts`. Fields this module does not list are kept at runtime by
 * {@link parseMessages}.
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Free-form metadata attached to a message (pydantic-ai `metadata`). */
export type MessageMetadata = Record<string, unknown>;

/** A system prompt, generally written by the application developer (request part). */
export interface SystemPromptPart {
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: 'system-prompt';
  /** The content of the prompt. */
  content: string;
  /** The timestamp of the prompt (ISO 8601). */
  timestamp?: string | null;
  /** The ref of the dynamic system prompt function that generated this part; null when static. */
  dynamic_ref?: string | null;
}

/** A user prompt, generally written by the end user (request part). */
export interface UserPromptPart {
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: 'user-prompt';
  /** The content of the prompt: plain text, or a list of text and multi-modal items (kept as given). */
  content: string | unknown[];
  /** The timestamp of the prompt (ISO 8601). */
  timestamp?: string | null;
}

/** A tool return message: the result of a tool call, sent back to the model (request part). */
export interface ToolReturnPart {
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: 'tool-return';
  /** The name of the "called" tool. */
  tool_name: string;
  /** The return value. */
  content: unknown;
  /** The tool call identifier, matching the `tool_call_id` of the {@link ToolCallPart} it answers. */
  tool_call_id: string;
  /** Additional data the application can read but that is not sent to the model. */
  metadata?: unknown;
  /** The timestamp, when the tool returned (ISO 8601). */
  timestamp?: string | null;
  /**
   * The outcome of the tool call (pydantic-ai ≥ 2.68; absent means `'success'`). `'failed'` (the tool
   * raised) and `'retried'` (the call has to be made again: bad arguments or `ModelRetry`; this replaces
   * {@link RetryPromptPart}) reach the model as an error and their `content` is that error;
   * `'denied'` and `'interrupted'` are ordinary results whose content says what happened.
   */
  outcome?: ToolReturnOutcome;
}

/** {@link ToolReturnPart.outcome}: how the tool call ended. */
export type ToolReturnOutcome = 'success' | 'failed' | 'denied' | 'interrupted' | 'retried';

/**
 * A message back to the model asking it to try again: bad tool arguments, a tool that raised
 * `ModelRetry`, an unknown tool name (request part). pydantic-ai 2.68 deprecates it for a
 * {@link ToolReturnPart} with `outcome: 'retried'`; both load, round-trip and reach the model.
 */
export interface RetryPromptPart {
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: 'retry-prompt';
  /** Details of why and how the model should retry: a message, or a list of validation error details. */
  content: string | unknown[];
  /** The name of the tool that was called, if any (null for a plain-text retry or an unknown tool). */
  tool_name?: string | null;
  /** The tool call identifier the retry answers. */
  tool_call_id: string;
  /** The timestamp, when the retry was triggered (ISO 8601). */
  timestamp?: string | null;
}

/** A plain text response from a model (response part). */
export interface TextPart {
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: 'text';
  /** The text content of the response. */
  content: string;
  /** An optional identifier of the text part (e.g. an OpenAI Responses output item id). */
  id?: string | null;
  /** Additional data returned by the provider that can't be mapped to standard fields. */
  provider_details?: Record<string, unknown> | null;
}

/** A tool call from a model (response part). */
export interface ToolCallPart {
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: 'tool-call';
  /** The name of the tool to call. */
  tool_name: string;
  /**
   * The arguments to pass to the tool: a JSON string or an object, depending on how the provider
   * sent them; null when there are none.
   */
  args: string | Record<string, unknown> | null;
  /** The tool call identifier, used to match the {@link ToolReturnPart} that answers it. */
  tool_call_id: string;
  /** An optional identifier of the tool call part, separate from the tool call id (OpenAI Responses). */
  id?: string | null;
  /** Additional data returned by the provider that can't be mapped to standard fields. */
  provider_details?: Record<string, unknown> | null;
}

/** A thinking (reasoning) response from a model (response part). */
export interface ThinkingPart {
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: 'thinking';
  /** The thinking content of the response. */
  content: string;
  /** The identifier of the thinking part. */
  id?: string | null;
  /** The signature of the thinking (encrypted reasoning); only sent back to the same provider. */
  signature?: string | null;
  /** The name of the provider that generated the response. */
  provider_name?: string | null;
  /** Additional data returned by the provider that can't be mapped to standard fields. */
  provider_details?: Record<string, unknown> | null;
}

/**
 * A part kind convtrace does not model (e.g. `builtin-tool-call`, `file`, a future kind). It is kept
 * as is, so loading and saving a history never loses data.
 */
export interface UnknownPart {
  /** Part type identifier. */
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
  /** Number of input/prompt tokens (0 when absent). */
  input_tokens: number;
  /** Number of output/completion tokens (0 when absent). */
  output_tokens: number;
  /** Number of tokens read from the cache. */
  cache_read_tokens?: number;
  /** Number of tokens written to the cache. */
  cache_write_tokens?: number;
  /** Number of audio input tokens. */
  input_audio_tokens?: number;
  /** Number of audio tokens read from the cache. */
  cache_audio_read_tokens?: number;
  /** Number of audio output tokens. */
  output_audio_tokens?: number;
  /** Any extra details returned by the model, e.g. `reasoning_tokens`. */
  details?: Record<string, number> | null;
}

/** A request sent to the model: user prompt, tool returns, retries. */
export interface ModelRequest {
  /** Message type identifier, available on all messages as a discriminator. */
  kind: 'request';
  /** The parts of the request. */
  parts: ModelRequestPart[];
  /** The instructions for the model. */
  instructions?: string | null;
  /** The timestamp when the request was sent to the model (ISO 8601). */
  timestamp?: string | null;
  /** The run that produced this message (`gen_ai.agent.call.id`). */
  run_id?: string | null;
  /**
   * The conversation this message belongs to (`gen_ai.conversation.id`); null in histories saved
   * before it existed (they load with null).
   */
  conversation_id: string | null;
  /** Additional data the application can read but that is not sent to the model. */
  metadata?: MessageMetadata | null;
}

/** A response from the model. */
export interface ModelResponse {
  /** Message type identifier, available on all messages as a discriminator. */
  kind: 'response';
  /** The parts of the response. */
  parts: ModelResponsePart[];
  /** Usage information for the request (absent in old dumps). */
  usage?: RequestUsage;
  /** The name of the model that generated the response. */
  model_name?: string | null;
  /** The name of the provider that answered, e.g. `openai`; the key server-side state matching uses. */
  provider_name?: string | null;
  /** The base URL of the provider that generated the response. */
  provider_url?: string | null;
  /**
   * Additional data returned by the provider that can't be mapped to standard fields:
   * `finish_reason` as sent, OpenAI's `conversation_id` (`conv_…`), ...
   */
  provider_details?: Record<string, unknown> | null;
  /** The provider's id of this response; used to track the request at the provider. */
  provider_response_id?: string | null;
  /** Reason the model finished generating the response, normalized to OpenTelemetry values. */
  finish_reason?: string | null;
  /** The timestamp when the response was received locally (ISO 8601). */
  timestamp?: string | null;
  /** The run that produced this message (`gen_ai.agent.call.id`). */
  run_id?: string | null;
  /**
   * The conversation this message belongs to (`gen_ai.conversation.id`); null in histories saved
   * before it existed (they load with null).
   */
  conversation_id: string | null;
  /** Additional data the application can read but that is not sent to the model. */
  metadata?: MessageMetadata | null;
}

/** One message of a conversation history. */
export type ModelMessage = ModelRequest | ModelResponse;
