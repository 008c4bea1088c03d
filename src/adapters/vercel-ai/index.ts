/**
 * `convtrace/vercel-ai`: serve an {@link Agent} to AI SDK `useChat` front ends. The chat `id`
 * becomes the conversation id, so every turn of a chat shares `gen_ai.conversation.id`.
 * @packageDocumentation
 */
export { RequestError } from '../../errors.ts';
export { type FetchHandler, type NodeHandler, toNodeHandler } from '../../http/node.ts';
export type { ErrorBody } from '../shared/http.ts';
export type { StreamingAgent, UiRequestOptions } from '../shared/options.ts';
export {
  type UiMessageChunk,
  UiMessageStreamWriter,
  type UiMessageStreamWriterOptions,
} from './chunks.ts';
export {
  type ChatRunPlan,
  handleVercelAiChatRequest,
  planChatRun,
  UI_MESSAGE_STREAM_HEADERS,
  type VercelAiChatRequestOptions,
} from './handler.ts';
export { uiToModelMessages, uiUserContent } from './messages.ts';
export {
  type ChatRequest,
  chatRequestSchema,
  type UiMessage,
  uiMessageSchema,
} from './schema.ts';
