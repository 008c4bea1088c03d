import type {
  ModelMessage,
  ModelRequest,
  ModelResponse,
  RetryPromptPart,
  SystemPromptPart,
  TextPart,
  ThinkingPart,
  ToolCallPart,
  ToolReturnPart,
  UserPromptPart,
} from './types.ts';

type Part = { part_kind: string };

/** Narrows a part to a text part. */
export const isTextPart = (p: Part): p is TextPart => p.part_kind === 'text';
/** Narrows a part to a tool call. */
export const isToolCallPart = (p: Part): p is ToolCallPart => p.part_kind === 'tool-call';
/** Narrows a part to a thinking part. */
export const isThinkingPart = (p: Part): p is ThinkingPart => p.part_kind === 'thinking';
/** Narrows a part to a user prompt. */
export const isUserPromptPart = (p: Part): p is UserPromptPart => p.part_kind === 'user-prompt';
/** Narrows a part to a system prompt. */
export const isSystemPromptPart = (p: Part): p is SystemPromptPart => p.part_kind === 'system-prompt';
/** Narrows a part to a tool return. */
export const isToolReturnPart = (p: Part): p is ToolReturnPart => p.part_kind === 'tool-return';
/** Narrows a part to a retry prompt. */
export const isRetryPromptPart = (p: Part): p is RetryPromptPart => p.part_kind === 'retry-prompt';

/** True for a request message. */
export const isModelRequest = (m: ModelMessage): m is ModelRequest => m.kind === 'request';
/** True for a response message. */
export const isModelResponse = (m: ModelMessage): m is ModelResponse => m.kind === 'response';

/** The concatenated text parts of a response. */
export function responseText(response: ModelResponse): string {
  let out = '';
  for (const p of response.parts) if (isTextPart(p)) out += p.content;
  return out;
}

/** The tool calls of a response, in order. */
export function responseToolCalls(response: ModelResponse): ToolCallPart[] {
  return response.parts.filter(isToolCallPart);
}

/**
 * The value tool-call arguments encode: a JSON string is parsed; null, undefined and `''` are `{}`.
 * `strict` (for running the tool) throws on a string that is not JSON; otherwise (for recording) the
 * raw string is returned as is, so nothing the model sent is lost.
 */
export function toolCallArgsValue(args: unknown, strict = false): unknown {
  if (args === null || args === undefined || args === '') return {};
  if (typeof args !== 'string') return args;
  if (strict) return JSON.parse(args) as unknown;
  try {
    return JSON.parse(args) as unknown;
  } catch {
    return args;
  }
}

/** Tool-call arguments as an object (`args` may be a JSON string); `{}` for null or empty. */
export function toolCallArgsObject(part: ToolCallPart): Record<string, unknown> {
  const parsed = toolCallArgsValue(part.args, true);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError('tool call arguments must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * What a retry prompt tells the model (pydantic-ai `RetryPromptPart.model_response()`): the content
 * (JSON for structured errors) and the request to fix it. Models send it; content capture records it.
 */
export function retryPromptText(content: unknown): string {
  return `${contentText(content)}\n\nFix the errors and try again.`;
}

/**
 * The value a tool return stands for in front of the model (pydantic-ai
 * `ToolReturnPart.model_response_object()` without a native error channel): the content, or for a
 * `'failed'` / `'retried'` outcome `{ error: … }` (a retry's structured feedback as is, anything else
 * as its text), so the model does not read an error as the tool's result.
 */
export function toolReturnValue(part: ToolReturnPart): unknown {
  const { content, outcome } = part;
  if (outcome !== 'failed' && outcome !== 'retried') return content;
  if (outcome === 'retried' && content != null && typeof content !== 'string') return { error: content };
  return { error: contentText(content) };
}

/** What a model is sent for a tool return ({@link toolReturnValue} as text). */
export function toolReturnText(part: ToolReturnPart): string {
  return contentText(toolReturnValue(part));
}

/** A string as is, no content as `''`, anything else as its JSON text (pydantic-ai `model_response_str`). */
function contentText(content: unknown): string {
  if (content == null) return '';
  return typeof content === 'string' ? content : (JSON.stringify(content) ?? '');
}

/** The `instructions` of the newest request that has some (what a model is sent as instructions). */
export function latestInstructions(messages: readonly ModelMessage[]): string | null {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.kind === 'request' && m.instructions) return m.instructions;
  }
  return null;
}

/** Tool-call arguments as a JSON string. */
export function toolCallArgsJson(part: ToolCallPart): string {
  if (part.args == null) return '{}';
  return typeof part.args === 'string' ? part.args || '{}' : JSON.stringify(part.args);
}
