/**
 * The GenAI semconv message JSON (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`: role + typed parts, per the semconv JSON schemas), the part builders
 * both chat-span paths use, and the conversion of convtrace's own messages into it.
 */
import {
  isToolReturnPart,
  latestInstructions,
  retryPromptText,
  toolCallArgsValue,
  toolReturnValue,
} from '../messages/parts.ts';
import type { ModelMessage, ModelResponse, ModelResponsePart } from '../messages/types.ts';

/** A text part (also used for system instructions). */
export interface GenAITextPart {
  type: 'text';
  content: string;
}

/** A tool call the model requested; `arguments` is the decoded JSON when it parses. */
export interface GenAIToolCallPart {
  type: 'tool_call';
  id: string | null;
  name: string;
  arguments: unknown;
}

/** The result of a tool call, sent back to the model. */
export interface GenAIToolCallResponsePart {
  type: 'tool_call_response';
  id: string | null;
  response: unknown;
}

/** Any other part type of the schema (`reasoning`, `uri`, `file`, `refusal`, the `truncated` marker, ...). */
export interface GenAIGenericPart {
  type: string;
  [key: string]: unknown;
}

/** One part of a GenAI semconv message. */
export type GenAIPart = GenAITextPart | GenAIToolCallPart | GenAIToolCallResponsePart | GenAIGenericPart;

/** One GenAI semconv message. Output messages carry `finish_reason`; input messages do not. */
export interface GenAIMessage {
  /** `system`, `user`, `assistant`, `tool` (the schema allows other strings). */
  role: string;
  parts: GenAIPart[];
  finish_reason?: string;
}

/** A text part; non-string content is recorded as its JSON. */
export function textPart(content: unknown): GenAITextPart {
  return { type: 'text', content: typeof content === 'string' ? content : JSON.stringify(content) };
}

/** A tool-call part; string arguments are decoded (the raw string stays when it is not JSON). */
export function toolCallPart(id: unknown, name: unknown, args: unknown): GenAIToolCallPart {
  return {
    type: 'tool_call',
    id: typeof id === 'string' ? id : null,
    name: typeof name === 'string' ? name : '',
    arguments: toolCallArgsValue(args),
  };
}

/** A tool-call-response part. */
export function toolCallResponsePart(id: unknown, response: unknown): GenAIToolCallResponsePart {
  return { type: 'tool_call_response', id: typeof id === 'string' ? id : null, response };
}

/** The parts of a user prompt's content: text, image URLs as `uri` parts, anything else as JSON text. */
function userParts(content: unknown): GenAIPart[] {
  if (!Array.isArray(content)) return [textPart(content)];
  const parts: GenAIPart[] = [];
  for (const item of content) {
    const o = item as { kind?: unknown; url?: unknown } | null;
    if (typeof o?.kind === 'string' && o.kind === 'image-url' && typeof o.url === 'string')
      parts.push({ type: 'uri', modality: 'image', uri: o.url });
    else parts.push(textPart(item));
  }
  return parts;
}

function responsePart(p: ModelResponsePart): GenAIPart | undefined {
  const q = p as unknown as Record<string, unknown>;
  switch (p.part_kind) {
    case 'text':
      return (q.provider_details as { refusal?: unknown } | null)?.refusal === true
        ? { type: 'refusal', content: String(q.content) }
        : textPart(q.content);
    case 'thinking':
      return { type: 'reasoning', content: String(q.content) };
    case 'tool-call':
      return toolCallPart(q.tool_call_id, q.tool_name, q.args);
    case 'provider-item': {
      // Items a model keeps verbatim: a custom tool call is still a tool call; others keep their type.
      const item = (q.item ?? {}) as Record<string, unknown>;
      if (item.type === 'custom_tool_call') return toolCallPart(item.call_id, item.name, item.input);
      return { type: typeof item.type === 'string' ? item.type : 'unknown' };
    }
    default:
      return undefined;
  }
}

function assistantParts(m: ModelResponse): GenAIPart[] {
  const parts: GenAIPart[] = [];
  for (const p of m.parts) {
    const out = responsePart(p);
    if (out) parts.push(out);
  }
  return parts;
}

/**
 * Converts a history to `gen_ai.input.messages` (in the order sent; system prompts are `system`
 * messages in place, as they are part of the history) and `gen_ai.system_instructions` (the newest
 * request's `instructions`, which models send separately from the history).
 */
export function toGenAIMessages(messages: readonly ModelMessage[]): {
  messages: GenAIMessage[];
  systemInstructions: GenAIPart[];
} {
  const out: GenAIMessage[] = [];
  const instructions = latestInstructions(messages);
  for (const m of messages) {
    if (m.kind === 'response') {
      out.push({ role: 'assistant', parts: assistantParts(m) });
      continue;
    }
    for (const p of m.parts) {
      const q = p as unknown as Record<string, unknown>;
      if (p.part_kind === 'system-prompt') out.push({ role: 'system', parts: [textPart(q.content)] });
      else if (p.part_kind === 'user-prompt') out.push({ role: 'user', parts: userParts(q.content) });
      else if (isToolReturnPart(p))
        out.push({ role: 'tool', parts: [toolCallResponsePart(p.tool_call_id, toolReturnValue(p))] });
      else if (p.part_kind === 'retry-prompt') {
        const text = retryPromptText(q.content);
        out.push(
          q.tool_name
            ? { role: 'tool', parts: [toolCallResponsePart(q.tool_call_id, text)] }
            : { role: 'user', parts: [textPart(text)] },
        );
      }
    }
  }
  return { messages: out, systemInstructions: instructions ? [textPart(instructions)] : [] };
}

/**
 * `gen_ai.output.messages` of one model response: one assistant message (the schema requires a
 * `finish_reason`; `stop` when the model reported none).
 */
export function toGenAIOutputMessages(response: ModelResponse): GenAIMessage[] {
  return [
    { role: 'assistant', parts: assistantParts(response), finish_reason: response.finish_reason ?? 'stop' },
  ];
}
