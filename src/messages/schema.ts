import { z } from 'zod';
import type {
  ModelRequest,
  ModelResponse,
  RequestUsage,
  RetryPromptPart,
  SystemPromptPart,
  TextPart,
  ThinkingPart,
  ToolCallPart,
  ToolReturnPart,
  UnknownPart,
  UserPromptPart,
} from './types.ts';

/*
 * The validating side of the message shapes: pydantic-ai's `ModelMessage` JSON
 * (`pydantic_ai/messages.py`, snake_case, `kind` / `part_kind` discriminators). Each schema must infer
 * exactly its documented type in `types.ts` — the compile-time checks at the end of this file fail
 * `tsc` on any difference (a field added, dropped, made optional or given another type on one side),
 * so the types and the validation cannot drift. Field docs live on the types.
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
  part_kind: z.literal('system-prompt'),
  content: z.string(),
  timestamp: nullableString,
  dynamic_ref: nullableString,
});

/** A user prompt, generally written by the end user (request part). */
export const userPromptPartSchema = z.object({
  part_kind: z.literal('user-prompt'),
  content: z.union([z.string(), z.array(z.unknown())]),
  timestamp: nullableString,
});

/** A tool return message: the result of a tool call, sent back to the model (request part). */
export const toolReturnPartSchema = z.object({
  part_kind: z.literal('tool-return'),
  tool_name: z.string(),
  content: z.unknown(),
  tool_call_id: z.string(),
  metadata: z.unknown().optional(),
  timestamp: nullableString,
  outcome: z.enum(['success', 'failed', 'denied', 'interrupted', 'retried']).optional(),
});

/**
 * A message back to the model asking it to try again: bad tool arguments, a tool that raised
 * `ModelRetry`, an unknown tool name (request part).
 */
export const retryPromptPartSchema = z.object({
  part_kind: z.literal('retry-prompt'),
  content: z.union([z.string(), z.array(z.unknown())]),
  tool_name: nullableString,
  tool_call_id: z.string(),
  timestamp: nullableString,
});

/** A plain text response from a model (response part). */
export const textPartSchema = z.object({
  part_kind: z.literal('text'),
  content: z.string(),
  id: nullableString,
  provider_details: record.nullable().optional(),
});

/** A tool call from a model (response part). */
export const toolCallPartSchema = z.object({
  part_kind: z.literal('tool-call'),
  tool_name: z.string(),
  args: z.union([z.string(), record]).nullable(),
  tool_call_id: z.string(),
  id: nullableString,
  provider_details: record.nullable().optional(),
});

/** A thinking (reasoning) response from a model (response part). */
export const thinkingPartSchema = z.object({
  part_kind: z.literal('thinking'),
  content: z.string(),
  id: nullableString,
  signature: nullableString,
  provider_name: nullableString,
  provider_details: record.nullable().optional(),
});

/**
 * A part kind convtrace does not model (e.g. `builtin-tool-call`, `file`, a future kind). It is kept
 * as is, so loading and saving a history never loses data.
 */
export const unknownPartSchema = z.looseObject({
  part_kind: z.string(),
});

/** Token usage of one model response (pydantic-ai `RequestUsage`). */
export const requestUsageSchema = z.object({
  input_tokens: z.number().nonnegative().default(0),
  output_tokens: z.number().nonnegative().default(0),
  cache_read_tokens: z.number().nonnegative().optional(),
  cache_write_tokens: z.number().nonnegative().optional(),
  input_audio_tokens: z.number().nonnegative().optional(),
  cache_audio_read_tokens: z.number().nonnegative().optional(),
  output_audio_tokens: z.number().nonnegative().optional(),
  details: z.record(z.string(), z.number()).nullable().optional(),
});

/** Fields every message has. */
const messageFields = {
  timestamp: nullableString,
  run_id: nullableString,
  conversation_id: z.string().nullable().default(null),
  metadata: record.nullable().optional(),
};

/** A request sent to the model: user prompt, tool returns, retries. */
export const modelRequestSchema = z.object({
  kind: z.literal('request'),
  parts: z.array(
    z.union([
      systemPromptPartSchema,
      userPromptPartSchema,
      toolReturnPartSchema,
      retryPromptPartSchema,
      unknownPartSchema,
    ]),
  ),
  instructions: nullableString,
  ...messageFields,
});

/** A response from the model. */
export const modelResponseSchema = z.object({
  kind: z.literal('response'),
  parts: z.array(z.union([textPartSchema, toolCallPartSchema, thinkingPartSchema, unknownPartSchema])),
  usage: requestUsageSchema.optional(),
  model_name: nullableString,
  provider_name: nullableString,
  provider_url: nullableString,
  provider_details: record.nullable().optional(),
  provider_response_id: nullableString,
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

/** True when A and B are the same type (not merely assignable either way: optionality counts). */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Check<T extends true> = T;

/** Compile-time proof that each schema infers exactly its documented type (see the file comment). */
export type SchemasMatchTypes = [
  Check<Same<z.infer<typeof systemPromptPartSchema>, SystemPromptPart>>,
  Check<Same<z.infer<typeof userPromptPartSchema>, UserPromptPart>>,
  Check<Same<z.infer<typeof toolReturnPartSchema>, ToolReturnPart>>,
  Check<Same<z.infer<typeof retryPromptPartSchema>, RetryPromptPart>>,
  Check<Same<z.infer<typeof textPartSchema>, TextPart>>,
  Check<Same<z.infer<typeof toolCallPartSchema>, ToolCallPart>>,
  Check<Same<z.infer<typeof thinkingPartSchema>, ThinkingPart>>,
  Check<Same<z.infer<typeof unknownPartSchema>, UnknownPart>>,
  Check<Same<z.infer<typeof requestUsageSchema>, RequestUsage>>,
  Check<Same<z.infer<typeof modelRequestSchema>, ModelRequest>>,
  Check<Same<z.infer<typeof modelResponseSchema>, ModelResponse>>,
];
