import { modelResponse } from '../messages/build.ts';
import { isModelRequest, isToolReturnPart, isUserPromptPart } from '../messages/parts.ts';
import type { ModelMessage, ModelResponse, ModelResponsePart, RequestUsage } from '../messages/types.ts';
import type {
  Model,
  ModelRequestParameters,
  ModelSettings,
  ModelStreamEvent,
  ToolDefinition,
} from './model.ts';

/** Options of {@link TestModel}. */
export interface TestModelOptions {
  /** Tools to call on the first request: `'all'` (default), or a list of names. */
  callTools?: 'all' | string[];
  /** Final text; default a JSON summary of the tool results, or `success (no tool calls)`. */
  customOutputText?: string;
  /** `model_name`; default `test`. */
  modelName?: string;
}

/** A value that satisfies a (simple) JSON Schema, for generated tool arguments. */
export function sampleFromJsonSchema(schema: Record<string, unknown>): unknown {
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.anyOf) && schema.anyOf.length > 0) {
    return sampleFromJsonSchema(schema.anyOf[0] as Record<string, unknown>);
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return 'a';
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'null':
      return null;
    default: {
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : Object.keys(props);
      const out: Record<string, unknown> = {};
      for (const key of required) if (props[key]) out[key] = sampleFromJsonSchema(props[key]);
      return out;
    }
  }
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/**
 * A deterministic model for tests, like pydantic-ai's `TestModel`: on the first request of a run it
 * calls every offered tool (or `callTools`) once with generated arguments; then it answers with text.
 * Streaming splits the text into word deltas.
 */
export class TestModel implements Model {
  readonly modelName: string;
  readonly system = 'test';
  private readonly options: TestModelOptions;
  private seq = 0;

  constructor(options: TestModelOptions = {}) {
    this.options = options;
    this.modelName = options.modelName ?? 'test';
  }

  async request(
    messages: ModelMessage[],
    _settings: ModelSettings | undefined,
    params: ModelRequestParameters,
  ): Promise<ModelResponse> {
    return this.respond(messages, params.tools);
  }

  async *requestStream(
    messages: ModelMessage[],
    _settings: ModelSettings | undefined,
    params: ModelRequestParameters,
  ): AsyncIterable<ModelStreamEvent> {
    const response = this.respond(messages, params.tools);
    for (const part of response.parts) {
      if (part.part_kind === 'text') {
        for (const piece of (part as { content: string }).content.split(/(?<= )/)) {
          yield { type: 'text-delta', delta: piece };
        }
      } else if (part.part_kind === 'tool-call') {
        yield { type: 'tool-call', part: part as Extract<ModelResponsePart, { part_kind: 'tool-call' }> };
      }
    }
    yield { type: 'response', response };
  }

  private respond(messages: ModelMessage[], tools: ToolDefinition[]): ModelResponse {
    const last = messages.at(-1);
    const lastReturns = last && isModelRequest(last) ? last.parts.filter(isToolReturnPart) : [];
    const wanted = this.options.callTools ?? 'all';
    const toCall = tools.filter((t) => wanted === 'all' || wanted.includes(t.name));
    let parts: ModelResponsePart[];
    if (lastReturns.length === 0 && toCall.length > 0 && !this.answeredToolsThisRun(messages)) {
      parts = toCall.map((t) => ({
        part_kind: 'tool-call' as const,
        tool_name: t.name,
        args: sampleFromJsonSchema(t.parametersJsonSchema) as Record<string, unknown>,
        tool_call_id: `pyd_ai_tool_call_id__${t.name}_${++this.seq}`,
        id: null,
        provider_details: null,
      }));
    } else {
      const text =
        this.options.customOutputText ??
        (lastReturns.length > 0
          ? JSON.stringify(Object.fromEntries(lastReturns.map((r) => [r.tool_name, r.content])))
          : 'success (no tool calls)');
      parts = [{ part_kind: 'text', content: text, id: null, provider_details: null }];
    }
    return modelResponse(parts, {
      model_name: this.modelName,
      provider_name: this.system,
      usage: this.usage(messages, parts),
      provider_response_id: `test-resp-${++this.seq}`,
      finish_reason: parts.some((p) => p.part_kind === 'tool-call') ? 'tool_call' : 'stop',
    });
  }

  /** True once this run's trailing requests already carry tool returns (tools are called once per run). */
  private answeredToolsThisRun(messages: ModelMessage[]): boolean {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (!isModelRequest(m)) return false;
      if (m.parts.some(isToolReturnPart)) return true;
      if (m.parts.some(isUserPromptPart)) return false;
    }
    return false;
  }

  private usage(messages: ModelMessage[], parts: ModelResponsePart[]): RequestUsage {
    let input = 50;
    for (const m of messages) {
      for (const p of m.parts) {
        const c = (p as { content?: unknown }).content;
        input += typeof c === 'string' ? words(c) : c === undefined ? 0 : words(JSON.stringify(c));
      }
    }
    let output = 0;
    for (const p of parts) {
      output += p.part_kind === 'text' ? words((p as { content: string }).content) : 5;
    }
    return {
      input_tokens: input,
      output_tokens: output,
      cache_read_tokens: 0,
      cache_write_tokens: 0,
      details: {},
    };
  }
}
