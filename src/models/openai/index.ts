export type { OpenAIModelOptions } from './base-model.ts';
export { OpenAIChatModel } from './chat-model.ts';
export type { CreateResource, OpenAIClientLike, OpenAIRequestOptions } from './client-types.ts';
export { OpenAIResponsesModel, OpenAIStreamError } from './responses-model.ts';
export {
  type OpenAIServerState,
  type OpenAIServerStateSettings,
  type ResolveServerStateOptions,
  resolveOpenAIServerState,
  SERVER_STATE_CONFLICT_MESSAGE,
} from './server-state.ts';
export type { OpenAIModelSettings } from './settings.ts';
