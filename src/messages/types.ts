import type { z } from 'zod';
import type {
  modelRequestSchema,
  modelResponseSchema,
  requestUsageSchema,
  retryPromptPartSchema,
  systemPromptPartSchema,
  textPartSchema,
  thinkingPartSchema,
  toolCallPartSchema,
  toolReturnPartSchema,
  unknownPartSchema,
  userPromptPartSchema,
} from './schema.ts';

/**
 * Message types in pydantic-ai's ModelMessage JSON shape (snake_case, `kind` / `part_kind`
 * discriminators), so `JSON.stringify` is the serializer and Python services can share histories.
 * Every type here is derived from its zod schema in `schema.ts` (field docs live there), so what the
 * types say and what {@link parseMessages} accepts cannot drift. Fields this module does not know are
 * kept at runtime by {@link parseMessages}.
 */

/** A JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Free-form metadata attached to a message (pydantic-ai `metadata`). */
export type MessageMetadata = Record<string, unknown>;

/** System prompt, part of a request. */
export type SystemPromptPart = z.infer<typeof systemPromptPartSchema>;
/** User input: plain text, or a list of text and multi-modal items (kept as given). */
export type UserPromptPart = z.infer<typeof userPromptPartSchema>;
/** The result of a tool call, sent back to the model. */
export type ToolReturnPart = z.infer<typeof toolReturnPartSchema>;
/** Asks the model to try again (bad tool arguments, a tool that asked for a retry, unknown tool). */
export type RetryPromptPart = z.infer<typeof retryPromptPartSchema>;
/** Model text output. */
export type TextPart = z.infer<typeof textPartSchema>;
/** A function tool call requested by the model. `args` is a JSON string, an object, or null. */
export type ToolCallPart = z.infer<typeof toolCallPartSchema>;
/** Reasoning output. */
export type ThinkingPart = z.infer<typeof thinkingPartSchema>;
/**
 * A part kind convtrace does not model (e.g. `builtin-tool-call`, `file`, a future kind). It is kept
 * as is, so loading and saving a history never loses data.
 */
export type UnknownPart = z.infer<typeof unknownPartSchema>;

/** Parts a request can hold. */
export type KnownRequestPart = SystemPromptPart | UserPromptPart | ToolReturnPart | RetryPromptPart;
/** Parts a response can hold. */
export type KnownResponsePart = TextPart | ToolCallPart | ThinkingPart;
/** Any request part, including ones kept verbatim. */
export type ModelRequestPart = z.infer<typeof modelRequestSchema>['parts'][number];
/** Any response part, including ones kept verbatim. */
export type ModelResponsePart = z.infer<typeof modelResponseSchema>['parts'][number];

/** Token usage of one model response (pydantic-ai `RequestUsage`). */
export type RequestUsage = z.infer<typeof requestUsageSchema>;
/** A request sent to the model: user prompt, tool returns, retries. */
export type ModelRequest = z.infer<typeof modelRequestSchema>;
/** A response from the model. */
export type ModelResponse = z.infer<typeof modelResponseSchema>;
/** One message of a conversation history. */
export type ModelMessage = ModelRequest | ModelResponse;
