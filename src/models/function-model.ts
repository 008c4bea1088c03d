import { modelResponse } from '../messages/build.ts';
import type { ModelMessage, ModelResponse, ModelResponsePart } from '../messages/types.ts';
import {
  type Model,
  type ModelRequestParameters,
  type ModelSettings,
  type ModelStreamEvent,
  streamFromResponse,
} from './model.ts';

/** What a {@link FunctionModel} function sees besides the messages. */
export interface FunctionModelInfo {
  tools: ModelRequestParameters['tools'];
  settings: ModelSettings | undefined;
  signal?: AbortSignal;
}

/** What the function may return: a full response, its parts, or plain text. */
export type FunctionModelResult = ModelResponse | ModelResponsePart[] | string;

/** Options of {@link FunctionModel}. */
export interface FunctionModelOptions {
  /** `model_name`; default `function`. */
  modelName?: string;
  /** Provider name; default `function`. */
  system?: string;
  /** Streams text deltas; default: the function's result as one delta. */
  stream?: (messages: ModelMessage[], info: FunctionModelInfo) => AsyncIterable<string | ModelResponsePart>;
}

/**
 * A model whose answers come from your function — pydantic-ai's `FunctionModel`, for tests that need
 * exact control over what the "model" says at each step.
 */
export class FunctionModel implements Model {
  readonly modelName: string;
  readonly system: string;
  private readonly fn: (
    messages: ModelMessage[],
    info: FunctionModelInfo,
  ) => FunctionModelResult | Promise<FunctionModelResult>;
  private readonly streamFn: FunctionModelOptions['stream'];

  constructor(
    fn: (
      messages: ModelMessage[],
      info: FunctionModelInfo,
    ) => FunctionModelResult | Promise<FunctionModelResult>,
    options: FunctionModelOptions = {},
  ) {
    this.fn = fn;
    this.modelName = options.modelName ?? 'function';
    this.system = options.system ?? 'function';
    this.streamFn = options.stream;
  }

  async request(
    messages: ModelMessage[],
    settings: ModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): Promise<ModelResponse> {
    return this.toResponse(await this.fn(messages, { tools: params.tools, settings, signal }));
  }

  async *requestStream(
    messages: ModelMessage[],
    settings: ModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): AsyncIterable<ModelStreamEvent> {
    const info = { tools: params.tools, settings, signal };
    if (!this.streamFn) {
      yield* streamFromResponse(this.toResponse(await this.fn(messages, info)));
      return;
    }
    const parts: ModelResponsePart[] = [];
    let text = '';
    for await (const item of this.streamFn(messages, info)) {
      if (typeof item === 'string') {
        text += item;
        yield { type: 'text-delta', delta: item };
      } else {
        parts.push(item);
        if (item.part_kind === 'tool-call') yield { type: 'tool-call', part: item as never };
      }
    }
    if (text) parts.unshift({ part_kind: 'text', content: text, id: null, provider_details: null });
    yield { type: 'response', response: this.toResponse(parts) };
  }

  private toResponse(result: FunctionModelResult): ModelResponse {
    if (typeof result === 'string') {
      result = [{ part_kind: 'text', content: result, id: null, provider_details: null }];
    }
    if (Array.isArray(result)) {
      return modelResponse(result, { model_name: this.modelName, provider_name: this.system });
    }
    return result;
  }
}
