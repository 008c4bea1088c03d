/**
 * `convtrace/ag-ui`: serve an {@link Agent} to AG-UI front ends. The client's `threadId` becomes the
 * conversation id, so every run of a chat thread shares `gen_ai.conversation.id`.
 * @packageDocumentation
 */

export { RequestError } from '../../errors.ts';
export { type FetchHandler, type NodeHandler, toNodeHandler } from '../../http/node.ts';
export type { ErrorBody } from '../shared/http.ts';
export type { StreamingAgent, UiRequestOptions } from '../shared/options.ts';
export {
  type AgUiEvent,
  AgUiEventWriter,
  type AgUiEventWriterOptions,
  type AgUiTokenUsage,
} from './events.ts';
export {
  type AgUiRequestOptions,
  type AgUiRunPlan,
  handleAgUiRequest,
  planAgUiRun,
} from './handler.ts';
export { agUiContent, agUiToModelMessages } from './messages.ts';
export { type AgUiMessage, type RunAgentInput, runAgentInputSchema } from './schema.ts';
