import type { ModelMessage, ModelResponse } from '../../messages/types.ts';
import type { Model, ModelRequestParameters, ModelStreamEvent } from '../model.ts';
import { OpenAIModelBase, type OpenAIModelOptions } from './base-model.ts';
import { fromChatCompletion, toChatMessages, toChatTools } from './chat-mapping.ts';
import { callCreate, type WireObject } from './client-types.ts';
import { commonBodyFields, type OpenAIModelSettings } from './settings.ts';

/**
 * A {@link Model} on Chat Completions. Stateless on the server: the whole history is sent every
 * time (Chat has no equivalent of the Responses server-side state).
 */
export class OpenAIChatModel extends OpenAIModelBase implements Model {
  constructor(modelName: string, options: OpenAIModelOptions) {
    super(modelName, options, 'chat');
  }

  private body(
    messages: readonly ModelMessage[],
    settings: OpenAIModelSettings | undefined,
    params: ModelRequestParameters,
  ): WireObject {
    return {
      model: this.modelName,
      messages: toChatMessages(messages),
      ...(params.tools.length > 0 ? { tools: toChatTools(params.tools) } : {}),
      ...commonBodyFields(settings, 'chat'),
    };
  }

  async request(
    messages: ModelMessage[],
    settings: OpenAIModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): Promise<ModelResponse> {
    const c = (await callCreate(
      this.client.chat.completions,
      this.body(messages, settings, params),
      signal,
    )) as WireObject;
    return fromChatCompletion(c, this.system, this.providerUrl);
  }

  async *requestStream(
    messages: ModelMessage[],
    settings: OpenAIModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): AsyncIterable<ModelStreamEvent> {
    const body = {
      ...this.body(messages, settings, params),
      stream: true,
      stream_options: { include_usage: true },
    };
    const stream = (await callCreate(
      this.client.chat.completions,
      body,
      signal,
    )) as AsyncIterable<WireObject>;
    let id: unknown;
    let model: unknown;
    let content = '';
    let finish: unknown = null;
    let usage: unknown;
    const calls = new Map<number, { id: string; name: string; arguments: string }>();
    for await (const chunk of stream) {
      id ??= chunk.id;
      model ??= chunk.model;
      if (chunk.usage) usage = chunk.usage;
      for (const choice of (chunk.choices as WireObject[] | undefined) ?? []) {
        const delta = (choice.delta as WireObject | undefined) ?? {};
        if (typeof delta.content === 'string' && delta.content) {
          content += delta.content;
          yield { type: 'text-delta', delta: delta.content };
        }
        for (const tc of (delta.tool_calls as WireObject[] | undefined) ?? []) {
          const index = Number(tc.index ?? 0);
          const fn = (tc.function as WireObject | undefined) ?? {};
          const cur = calls.get(index) ?? { id: '', name: '', arguments: '' };
          if (typeof tc.id === 'string') cur.id = tc.id;
          if (typeof fn.name === 'string') cur.name += fn.name;
          if (typeof fn.arguments === 'string') cur.arguments += fn.arguments;
          calls.set(index, cur);
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
    }
    const toolCalls = [...calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, c]) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } }));
    const response = fromChatCompletion(
      { id, model, usage, choices: [{ finish_reason: finish, message: { content, tool_calls: toolCalls } }] },
      this.system,
      this.providerUrl,
    );
    for (const part of response.parts)
      if (part.part_kind === 'tool-call') yield { type: 'tool-call', part: part as never };
    yield { type: 'response', response };
  }
}
