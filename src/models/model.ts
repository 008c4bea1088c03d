import type { ModelMessage, ModelResponse, ToolCallPart } from '../messages/types.ts';

/** A function tool as a model sees it. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parametersJsonSchema: Record<string, unknown>;
}

/** Per-request parameters the agent passes to the model. */
export interface ModelRequestParameters {
  tools: ToolDefinition[];
}

/**
 * Model settings. The common ones are named; providers read their own extra keys (camelCase, e.g.
 * `openaiConversationId`).
 */
export interface ModelSettings {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  seed?: number;
  [key: string]: unknown;
}

/** What a streaming model yields. The last event is always `response`. */
export type ModelStreamEvent =
  | { type: 'text-delta'; delta: string }
  | { type: 'tool-call'; part: ToolCallPart }
  | { type: 'response'; response: ModelResponse };

/**
 * The interface the agent calls. Implementations map messages to a provider's wire format and back;
 * they never touch run ids (the agent stamps them).
 */
export interface Model {
  /** Model name as requested, e.g. `gpt-4.1`. */
  readonly modelName: string;
  /** Provider name (`gen_ai.provider.name`), e.g. `openai`; also what server-side state matches on. */
  readonly system: string;
  /**
   * True when the model's client already makes a `chat {model}` span per call (the instrumented
   * `openai` client); the agent then makes none, so there is exactly one span per model call.
   */
  readonly emitsChatSpans?: boolean;
  /** One model call. */
  request(
    messages: ModelMessage[],
    settings: ModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): Promise<ModelResponse>;
  /** One streamed model call; yields deltas, complete tool calls, and the final response last. */
  requestStream(
    messages: ModelMessage[],
    settings: ModelSettings | undefined,
    params: ModelRequestParameters,
    signal?: AbortSignal,
  ): AsyncIterable<ModelStreamEvent>;
}

/**
 * Streams a model that has only a `request`: the whole text as one delta, then the tool calls,
 * then the response. For models whose provider has no streaming.
 */
export async function* streamFromResponse(response: ModelResponse): AsyncIterable<ModelStreamEvent> {
  for (const part of response.parts) {
    if (part.part_kind === 'text') yield { type: 'text-delta', delta: (part as { content: string }).content };
    else if (part.part_kind === 'tool-call') yield { type: 'tool-call', part: part as ToolCallPart };
  }
  yield { type: 'response', response };
}
