/**
 * `convtrace/ag-ui`: serve an {@link Agent} to AG-UI front ends. The client's `threadId` becomes the
 * conversation id, so every run of a chat thread shares `gen_ai.conversation.id`.
 * @packageDocumentation
 */
export {
  type AgUiEvent,
  AgUiEventWriter,
  type AgUiEventWriterOptions,
  type AgUiTokenUsage,
} from './adapters/ag-ui/events.ts';
export {
  type AgUiRequestOptions,
  type AgUiRunPlan,
  handleAgUiRequest,
  planAgUiRun,
} from './adapters/ag-ui/handler.ts';
export { agUiContent, agUiToModelMessages } from './adapters/ag-ui/messages.ts';
export { type AgUiMessage, type RunAgentInput, runAgentInputSchema } from './adapters/ag-ui/schema.ts';
export { type ErrorBody, RequestError } from './adapters/shared/http.ts';
export { type FetchHandler, type NodeHandler, toNodeHandler } from './adapters/shared/node.ts';
export type { StreamingAgent, UiRequestOptions } from './adapters/shared/options.ts';
