import { z } from 'zod';
import { MAX_ID_LENGTH } from '../../conversation/prepare.ts';

const id = z.string();
const metadata = z.record(z.string(), z.unknown()).optional();

/** One item of a multi-modal AG-UI content list; unknown item types are kept as given. */
const contentItemSchema = z.looseObject({ type: z.string() });
const contentSchema = z.union([z.string(), z.array(contentItemSchema)]);

const toolCallSchema = z.looseObject({
  id,
  type: z.literal('function').optional(),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

const base = { id, metadata, encryptedValue: z.string().optional() };

/** AG-UI `Message`, discriminated by `role` (camelCase wire; unknown fields kept). */
export const agUiMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ ...base, role: z.literal('user'), content: contentSchema, name: z.string().optional() }),
  z.looseObject({
    ...base,
    role: z.literal('assistant'),
    content: z.string().nullish(),
    toolCalls: z.array(toolCallSchema).optional(),
    name: z.string().optional(),
  }),
  z.looseObject({ ...base, role: z.literal('system'), content: z.string(), name: z.string().optional() }),
  z.looseObject({ ...base, role: z.literal('developer'), content: z.string(), name: z.string().optional() }),
  z.looseObject({
    ...base,
    role: z.literal('tool'),
    content: contentSchema,
    toolCallId: z.string(),
    error: z.string().optional(),
  }),
  z.looseObject({ ...base, role: z.literal('activity'), activityType: z.string(), content: z.unknown() }),
  z.looseObject({ ...base, role: z.literal('reasoning'), content: z.string() }),
]);

/** AG-UI `Message`. */
export type AgUiMessage = z.infer<typeof agUiMessageSchema>;

const boundedId = (field: string) =>
  z.string().max(MAX_ID_LENGTH, `${field} is longer than ${MAX_ID_LENGTH} characters`);

/** AG-UI `RunAgentInput`: the body an AG-UI client POSTs. */
export const runAgentInputSchema = z.looseObject({
  threadId: boundedId('threadId'),
  runId: z.string(),
  parentRunId: z.string().nullish(),
  protocolVersion: z.string().optional(),
  state: z.unknown().optional(),
  messages: z.array(agUiMessageSchema),
  tools: z
    .array(z.looseObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown() }))
    .nullish(),
  context: z.array(z.looseObject({ description: z.string(), value: z.string() })).nullish(),
  forwardedProps: z.unknown().optional(),
  resume: z.array(z.looseObject({ interruptId: z.string(), status: z.string() })).optional(),
});

/** A validated AG-UI `RunAgentInput`. */
export type RunAgentInput = z.infer<typeof runAgentInputSchema>;

const SNAKE_ALIASES: ReadonlyArray<[string, string]> = [
  ['thread_id', 'threadId'],
  ['run_id', 'runId'],
  ['parent_run_id', 'parentRunId'],
  ['forwarded_props', 'forwardedProps'],
];

/**
 * Accepts the snake_case aliases pydantic-ai's server also takes (`thread_id`, `run_id`,
 * `parent_run_id`, `forwarded_props`, and `tool_call_id` on tool messages); camelCase wins.
 */
export function normalizeAliases(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return body;
  const out: Record<string, unknown> = { ...(body as Record<string, unknown>) };
  for (const [snake, camel] of SNAKE_ALIASES) {
    if (out[camel] === undefined && out[snake] !== undefined) out[camel] = out[snake];
  }
  if (Array.isArray(out.messages)) {
    out.messages = out.messages.map((m: unknown) => {
      if (m === null || typeof m !== 'object') return m;
      const msg = m as Record<string, unknown>;
      return msg.toolCallId === undefined && msg.tool_call_id !== undefined
        ? { ...msg, toolCallId: msg.tool_call_id }
        : msg;
    });
  }
  return out;
}
