import { ConvtraceError } from '../../errors.ts';
import { latestInstructions } from '../../messages/parts.ts';
import type { ModelMessage, ModelResponse } from '../../messages/types.ts';
import type { Model, ModelRequestParameters, ModelStreamEvent } from '../model.ts';
import { OpenAIModelBase, type OpenAIModelOptions } from './base-model.ts';
import { callCreate, type WireObject } from './client-types.ts';
import {
  fromResponsesResponse,
  functionCallPart,
  toResponsesInput,
  toResponsesTools,
} from './responses-mapping.ts';
import { resolveOpenAIServerState } from './server-state.ts';
import { commonBodyFields, type OpenAIModelSettings } from './settings.ts';

/** Error raised when a stream ends with a failure event or without `response.completed`. */
export class OpenAIStreamError extends ConvtraceError {}

/**
 * A {@link Model} on OpenAI's Responses API, with server-side state: `openaiConversationId`
 * (`'auto'` or `conv_…`) and `openaiPreviousResponseId` trim the history so OpenAI never receives
 * items it already stores (see {@link resolveOpenAIServerState}). The OpenAI `conv_…` id of a
 * response lands in `provider_details.conversation_id` (absent when none was used) — never in
 * the framework `conversation_id`.
 */
export class OpenAIResponsesModel extends OpenAIModelBase implements Model {
  constructor(modelName: string, options: OpenAIModelOptions) {
    super(modelName, options, 'responses');
  }

  /** The request body for these messages (server-side state resolved, history trimmed). */
  buildBody(
    messages: readonly ModelMessage[],
    settings: OpenAIModelSettings | undefined,
    params: ModelRequestParameters,
    stream: boolean,
  ): WireObject {
    const state = resolveOpenAIServerState(settings, messages, { providerName: this.system });
    let input = toResponsesInput(state.messages);
    // Empty input is only valid when the server already holds the context.
    if (input.length === 0 && !state.previousResponseId && !state.conversationId)
      input = [{ role: 'user', content: '' }];
    const instructions = latestInstructions(messages);
    return {
      model: this.modelName,
      ...(instructions ? { instructions } : {}),
      input,
      ...(params.tools.length > 0 ? { tools: toResponsesTools(params.tools) } : {}),
      ...(state.conversationId ? { conversation: state.conversationId } : {}),
      ...(state.previousResponseId ? { previous_response_id: state.previousResponseId } : {}),
      ...commonBodyFields(settings, 'responses'),
      stream,
    };
  }

  async request(
    messages: ModelMessage[],
    settings: OpenAIModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): Promise<ModelResponse> {
    const body = this.buildBody(messages, settings, params, false);
    const r = (await callCreate(this.client.responses, body, signal)) as WireObject;
    return fromResponsesResponse(r, this.system, this.providerUrl);
  }

  async *requestStream(
    messages: ModelMessage[],
    settings: OpenAIModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): AsyncIterable<ModelStreamEvent> {
    const body = this.buildBody(messages, settings, params, true);
    const stream = (await callCreate(this.client.responses, body, signal)) as AsyncIterable<WireObject>;
    let conversationId: string | undefined;
    for await (const event of stream) {
      switch (event.type) {
        case 'response.created': {
          // Captured at creation too, so the id survives a stream that ends early.
          const conv = (event.response as WireObject | undefined)?.conversation as WireObject | undefined;
          if (typeof conv?.id === 'string') conversationId = conv.id;
          break;
        }
        case 'response.output_text.delta':
          yield { type: 'text-delta', delta: String(event.delta ?? '') };
          break;
        case 'response.output_item.done': {
          const item = event.item as WireObject;
          if (item?.type === 'function_call') {
            yield { type: 'tool-call', part: functionCallPart(item) };
          }
          break;
        }
        case 'response.completed':
        case 'response.incomplete': {
          const response = fromResponsesResponse(event.response as WireObject, this.system, this.providerUrl);
          if (conversationId && response.provider_details?.conversation_id === undefined) {
            response.provider_details = { ...response.provider_details, conversation_id: conversationId };
          }
          yield { type: 'response', response };
          return;
        }
        case 'response.failed':
        case 'error': {
          const err = (event.response as WireObject | undefined)?.error as WireObject | undefined;
          throw new OpenAIStreamError(String(err?.message ?? event.message ?? 'the response stream failed'));
        }
      }
    }
    throw new OpenAIStreamError('the response stream ended without response.completed');
  }
}
