import { z } from 'zod';

/**
 * zod schemas for the known message and part shapes. They validate only: {@link parseMessages} returns
 * the caller's data (not zod's output) so unknown fields and unknown part kinds survive untouched.
 */

const nullableString = z.string().nullable().optional();
const record = z.record(z.string(), z.unknown());

/** Known request parts, by `part_kind`. */
export const requestPartSchemas: Record<string, z.ZodType> = {
  'system-prompt': z.looseObject({
    content: z.string(),
    timestamp: nullableString,
    dynamic_ref: nullableString,
  }),
  'user-prompt': z.looseObject({
    content: z.union([z.string(), z.array(z.unknown())]),
    timestamp: nullableString,
  }),
  'tool-return': z.looseObject({
    tool_name: z.string(),
    content: z.unknown(),
    tool_call_id: z.string(),
    timestamp: nullableString,
  }),
  'retry-prompt': z.looseObject({
    content: z.union([z.string(), z.array(z.unknown())]),
    tool_name: nullableString,
    tool_call_id: z.string(),
    timestamp: nullableString,
  }),
};

/** Known response parts, by `part_kind`. */
export const responsePartSchemas: Record<string, z.ZodType> = {
  text: z.looseObject({
    content: z.string(),
    id: nullableString,
    provider_details: record.nullable().optional(),
  }),
  'tool-call': z.looseObject({
    tool_name: z.string(),
    args: z.union([z.string(), record]).nullable(),
    tool_call_id: z.string(),
    id: nullableString,
    provider_details: record.nullable().optional(),
  }),
  thinking: z.looseObject({
    content: z.string(),
    id: nullableString,
    signature: nullableString,
    provider_name: nullableString,
    provider_details: record.nullable().optional(),
  }),
};

const part = z.looseObject({ part_kind: z.string() });
const usage = z.looseObject({
  input_tokens: z.number().nonnegative().optional(),
  output_tokens: z.number().nonnegative().optional(),
  cache_read_tokens: z.number().nonnegative().optional(),
  cache_write_tokens: z.number().nonnegative().optional(),
  details: z.record(z.string(), z.number()).nullable().optional(),
});

const common = {
  parts: z.array(part),
  timestamp: nullableString,
  run_id: nullableString,
  conversation_id: nullableString,
  metadata: record.nullable().optional(),
};

/** One message envelope (parts are checked one by one against the part schemas). */
export const messageSchema = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('request'), instructions: nullableString, ...common }),
  z.looseObject({
    kind: z.literal('response'),
    usage: usage.optional(),
    model_name: nullableString,
    provider_name: nullableString,
    provider_url: nullableString,
    provider_details: record.nullable().optional(),
    provider_response_id: nullableString,
    finish_reason: nullableString,
    ...common,
  }),
]);
