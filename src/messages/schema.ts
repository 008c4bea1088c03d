import { z } from 'zod';

/*
 * The message shapes, once: pydantic-ai's `ModelMessage` JSON (`pydantic_ai/messages.py`, snake_case,
 * `kind` / `part_kind` discriminators). `types.ts` derives every TS type from these schemas with
 * `z.infer`, so the types and the validation cannot drift. Field docs follow messages.py.
 *
 * The schemas list the fields convtrace reads and writes. Validation runs them `.loose()`, and
 * {@link parseMessages} returns the caller's data (not zod's output), so unknown fields and unknown
 * part kinds survive a load → save untouched.
 */

/** An optional string that pydantic-ai may also dump as `null`. */
const nullableString = z.string().nullable().optional();
/** A JSON object with arbitrary values. */
const record = z.record(z.string(), z.unknown());

/** A system prompt, generally written by the application developer (request part). */
export const systemPromptPartSchema = z.object({
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: z.literal('system-prompt'),
  /** The content of the prompt. */
  content: z.string(),
  /** The timestamp of the prompt (ISO 8601). */
  timestamp: nullableString,
  /** The ref of the dynamic system prompt function that generated this part; null when static. */
  dynamic_ref: nullableString,
});

/** A user prompt, generally written by the end user (request part). */
export const userPromptPartSchema = z.object({
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: z.literal('user-prompt'),
  /** The content of the prompt: plain text, or a list of text and multi-modal items (kept as given). */
  content: z.union([z.string(), z.array(z.unknown())]),
  /** The timestamp of the prompt (ISO 8601). */
  timestamp: nullableString,
});

/** A tool return message: the result of a tool call, sent back to the model (request part). */
export const toolReturnPartSchema = z.object({
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: z.literal('tool-return'),
  /** The name of the "called" tool. */
  tool_name: z.string(),
  /** The return value. */
  content: z.unknown(),
  /** The tool call identifier, matching the `tool_call_id` of the {@link ToolCallPart} it answers. */
  tool_call_id: z.string(),
  /** Additional data the application can read but that is not sent to the model. */
  metadata: z.unknown().optional(),
  /** The timestamp, when the tool returned (ISO 8601). */
  timestamp: nullableString,
});

/**
 * A message back to the model asking it to try again: bad tool arguments, a tool that raised
 * `ModelRetry`, an unknown tool name (request part).
 */
export const retryPromptPartSchema = z.object({
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: z.literal('retry-prompt'),
  /** Details of why and how the model should retry: a message, or a list of validation error details. */
  content: z.union([z.string(), z.array(z.unknown())]),
  /** The name of the tool that was called, if any (null for a plain-text retry or an unknown tool). */
  tool_name: nullableString,
  /** The tool call identifier the retry answers. */
  tool_call_id: z.string(),
  /** The timestamp, when the retry was triggered (ISO 8601). */
  timestamp: nullableString,
});

/** A plain text response from a model (response part). */
export const textPartSchema = z.object({
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: z.literal('text'),
  /** The text content of the response. */
  content: z.string(),
  /** An optional identifier of the text part (e.g. an OpenAI Responses output item id). */
  id: nullableString,
  /** Additional data returned by the provider that can't be mapped to standard fields. */
  provider_details: record.nullable().optional(),
});

/** A tool call from a model (response part). */
export const toolCallPartSchema = z.object({
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: z.literal('tool-call'),
  /** The name of the tool to call. */
  tool_name: z.string(),
  /**
   * The arguments to pass to the tool: a JSON string or an object, depending on how the provider
   * sent them; null when there are none.
   */
  args: z.union([z.string(), record]).nullable(),
  /** The tool call identifier, used to match the {@link ToolReturnPart} that answers it. */
  tool_call_id: z.string(),
  /** An optional identifier of the tool call part, separate from the tool call id (OpenAI Responses). */
  id: nullableString,
  /** Additional data returned by the provider that can't be mapped to standard fields. */
  provider_details: record.nullable().optional(),
});

/** A thinking (reasoning) response from a model (response part). */
export const thinkingPartSchema = z.object({
  /** Part type identifier, available on all parts as a discriminator. */
  part_kind: z.literal('thinking'),
  /** The thinking content of the response. */
  content: z.string(),
  /** The identifier of the thinking part. */
  id: nullableString,
  /** The signature of the thinking (encrypted reasoning); only sent back to the same provider. */
  signature: nullableString,
  /** The name of the provider that generated the response. */
  provider_name: nullableString,
  /** Additional data returned by the provider that can't be mapped to standard fields. */
  provider_details: record.nullable().optional(),
});

/**
 * A part kind convtrace does not model (e.g. `builtin-tool-call`, `file`, a future kind). It is kept
 * as is, so loading and saving a history never loses data.
 */
export const unknownPartSchema = z.looseObject({
  /** Part type identifier. */
  part_kind: z.string(),
});

/** Token usage of one model response (pydantic-ai `RequestUsage`). */
export const requestUsageSchema = z.object({
  /** Number of input/prompt tokens (0 when absent). */
  input_tokens: z.number().nonnegative().default(0),
  /** Number of output/completion tokens (0 when absent). */
  output_tokens: z.number().nonnegative().default(0),
  /** Number of tokens read from the cache. */
  cache_read_tokens: z.number().nonnegative().optional(),
  /** Number of tokens written to the cache. */
  cache_write_tokens: z.number().nonnegative().optional(),
  /** Number of audio input tokens. */
  input_audio_tokens: z.number().nonnegative().optional(),
  /** Number of audio tokens read from the cache. */
  cache_audio_read_tokens: z.number().nonnegative().optional(),
  /** Number of audio output tokens. */
  output_audio_tokens: z.number().nonnegative().optional(),
  /** Any extra details returned by the model, e.g. `reasoning_tokens`. */
  details: z.record(z.string(), z.number()).nullable().optional(),
});

/** Fields every message has. */
const messageFields = {
  /** The timestamp when the request was sent / the response was received locally (ISO 8601). */
  timestamp: nullableString,
  /** The run that produced this message (`gen_ai.agent.call.id`). */
  run_id: nullableString,
  /**
   * The conversation this message belongs to (`gen_ai.conversation.id`); null in histories saved
   * before it existed (they load with null).
   */
  conversation_id: z.string().nullable().default(null),
  /** Additional data the application can read but that is not sent to the model. */
  metadata: record.nullable().optional(),
};

/** A request sent to the model: user prompt, tool returns, retries. */
export const modelRequestSchema = z.object({
  /** Message type identifier, available on all messages as a discriminator. */
  kind: z.literal('request'),
  /** The parts of the request. */
  parts: z.array(
    z.union([
      systemPromptPartSchema,
      userPromptPartSchema,
      toolReturnPartSchema,
      retryPromptPartSchema,
      unknownPartSchema,
    ]),
  ),
  /** The instructions for the model. */
  instructions: nullableString,
  ...messageFields,
});

/** A response from the model. */
export const modelResponseSchema = z.object({
  /** Message type identifier, available on all messages as a discriminator. */
  kind: z.literal('response'),
  /** The parts of the response. */
  parts: z.array(z.union([textPartSchema, toolCallPartSchema, thinkingPartSchema, unknownPartSchema])),
  /** Usage information for the request (absent in old dumps). */
  usage: requestUsageSchema.optional(),
  /** The name of the model that generated the response. */
  model_name: nullableString,
  /** The name of the provider that answered, e.g. `openai`; the key server-side state matching uses. */
  provider_name: nullableString,
  /** The base URL of the provider that generated the response. */
  provider_url: nullableString,
  /**
   * Additional data returned by the provider that can't be mapped to standard fields:
   * `finish_reason` as sent, OpenAI's `conversation_id` (`conv_…`), ...
   */
  provider_details: record.nullable().optional(),
  /** The provider's id of this response; used to track the request at the provider. */
  provider_response_id: nullableString,
  /** Reason the model finished generating the response, normalized to OpenTelemetry values. */
  finish_reason: nullableString,
  ...messageFields,
});

// Validation: parts are checked one by one against their kind's schema (below), so the envelope
// only asks for a `part_kind` string. Maps, not object literals: a kind named `constructor` or
// `__proto__` must be an unknown kind, never a prototype property.
const envelopePart = z.looseObject({ part_kind: z.string() });

/** One message envelope for validation (parts are checked separately with the maps below). */
export const messageSchema = z.discriminatedUnion('kind', [
  modelRequestSchema.extend({ parts: z.array(envelopePart) }).loose(),
  modelResponseSchema
    .extend({ parts: z.array(envelopePart), usage: requestUsageSchema.loose().optional() })
    .loose(),
]);

/** Known request parts, by `part_kind`, for validation. */
export const requestPartSchemas: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['system-prompt', systemPromptPartSchema.loose()],
  ['user-prompt', userPromptPartSchema.loose()],
  ['tool-return', toolReturnPartSchema.loose()],
  ['retry-prompt', retryPromptPartSchema.loose()],
]);

/** Known response parts, by `part_kind`, for validation. */
export const responsePartSchemas: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['text', textPartSchema.loose()],
  ['tool-call', toolCallPartSchema.loose()],
  ['thinking', thinkingPartSchema.loose()],
]);
