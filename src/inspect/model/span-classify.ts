import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '../../semconv/attributes.ts';
import { numberAttr, type SpanRecord, stringAttr } from './span-record.ts';

/** What a span is, for the views. */
export type SpanCategory = 'agent' | 'model' | 'tool' | 'downstream' | 'other';

/** Token counts (zeros when not reported). */
export interface TokenUsage {
  /** `gen_ai.usage.input_tokens`. */
  inputTokens: number;
  /** `gen_ai.usage.output_tokens`. */
  outputTokens: number;
  /** `gen_ai.usage.cache_read.input_tokens`. */
  cacheReadTokens: number;
}

/** OpenInference `openinference.span.kind` values that map onto a category. */
const OPENINFERENCE_KINDS: Record<string, SpanCategory> = { AGENT: 'agent', LLM: 'model', TOOL: 'tool' };

const MODEL_OPERATIONS = new Set(['chat', 'text_completion', 'generate_content', 'embeddings', 'responses']);

/**
 * Classifies a span: `agent` (`invoke_agent`), `model` (`chat` and other inference operations), `tool`
 * (`execute_tool`), `downstream` (a remote call or server span: client/server/producer/consumer kinds),
 * else `other`. Uses `gen_ai.operation.name`, falling back to the span name's first word; OpenInference
 * spans (Phoenix) by `openinference.span.kind`.
 */
export function classifySpan(span: SpanRecord): SpanCategory {
  const kind = OPENINFERENCE_KINDS[stringAttr(span.attributes, 'openinference.span.kind') ?? ''];
  if (kind) return kind;
  const op = stringAttr(span.attributes, ATTR_GEN_AI_OPERATION_NAME) ?? span.name.split(' ', 1)[0] ?? '';
  if (op === 'invoke_agent' || op === 'create_agent') return 'agent';
  if (op === 'execute_tool') return 'tool';
  if (MODEL_OPERATIONS.has(op)) return 'model';
  if (
    span.kind === 'client' ||
    span.kind === 'server' ||
    span.kind === 'producer' ||
    span.kind === 'consumer'
  ) {
    return 'downstream';
  }
  return 'other';
}

/** The model a model span used: the response model, else the request model. */
export function spanModel(span: SpanRecord): string | undefined {
  return (
    stringAttr(span.attributes, ATTR_GEN_AI_RESPONSE_MODEL) ??
    stringAttr(span.attributes, ATTR_GEN_AI_REQUEST_MODEL) ??
    stringAttr(span.attributes, 'llm.model_name') // OpenInference
  );
}

/** The tool an `execute_tool` span ran (`gen_ai.tool.name`, else the span name's second word). */
export function spanTool(span: SpanRecord): string | undefined {
  return (
    stringAttr(span.attributes, ATTR_GEN_AI_TOOL_NAME) ??
    stringAttr(span.attributes, 'tool.name') ?? // OpenInference
    (span.name.split(' ').slice(1).join(' ') || undefined)
  );
}

/** Token usage reported on a span, or undefined when it reports none. */
export function spanUsage(span: SpanRecord): TokenUsage | undefined {
  const a = span.attributes;
  // OpenInference reports `llm.token_count.prompt` / `.completion`.
  const input = numberAttr(a, ATTR_GEN_AI_USAGE_INPUT_TOKENS) ?? numberAttr(a, 'llm.token_count.prompt');
  const output =
    numberAttr(a, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS) ?? numberAttr(a, 'llm.token_count.completion');
  if (input === undefined && output === undefined) return undefined;
  return {
    inputTokens: input ?? 0,
    outputTokens: output ?? 0,
    cacheReadTokens: numberAttr(a, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS) ?? 0,
  };
}

/** Adds `b` into `a` (mutates `a`). */
export function addUsage(a: TokenUsage, b: TokenUsage): void {
  a.inputTokens += b.inputTokens;
  a.outputTokens += b.outputTokens;
  a.cacheReadTokens += b.cacheReadTokens;
}

/** A zero usage record. */
export function emptyUsage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 };
}
