import { z } from 'zod';
import { MAX_ID_LENGTH } from '../../conversation/prepare.ts';

/** One `UIMessage` part: checked by `type` when converted; unknown part types are allowed. */
const uiPartSchema = z.looseObject({ type: z.string() });

/** AI SDK `UIMessage`. */
export const uiMessageSchema = z.looseObject({
  id: z.string(),
  role: z.enum(['system', 'user', 'assistant']),
  metadata: z.unknown().optional(),
  parts: z.array(uiPartSchema),
});

/** An AI SDK `UIMessage` as received. */
export type UiMessage = z.infer<typeof uiMessageSchema>;

/** The body `useChat`'s default transport (`DefaultChatTransport`) POSTs. Extra body fields are kept. */
export const chatRequestSchema = z.looseObject({
  id: z.string().max(MAX_ID_LENGTH, `id is longer than ${MAX_ID_LENGTH} characters`),
  messages: z.array(uiMessageSchema),
  trigger: z.enum(['submit-message', 'regenerate-message']).optional(),
  messageId: z.string().nullish(),
});

/** A validated chat request. */
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Part shapes the converter reads, validated when met. */
export const partSchemas = {
  text: z.looseObject({ type: z.literal('text'), text: z.string() }),
  reasoning: z.looseObject({ type: z.literal('reasoning'), text: z.string() }),
  file: z.looseObject({
    type: z.literal('file'),
    mediaType: z.string(),
    url: z.string(),
    filename: z.string().optional(),
  }),
  tool: z.looseObject({
    type: z.string(),
    toolCallId: z.string(),
    state: z.string(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    errorText: z.string().nullish(),
  }),
  dynamicTool: z.looseObject({
    type: z.literal('dynamic-tool'),
    toolName: z.string(),
    toolCallId: z.string(),
    state: z.string(),
    input: z.unknown().optional(),
    output: z.unknown().optional(),
    errorText: z.string().nullish(),
  }),
};
