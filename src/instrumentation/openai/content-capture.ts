/**
 * Opt-in content capture: converts Responses / Chat request and result shapes into the GenAI
 * semconv message JSON (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`: role + parts of type `text`, `tool_call`, `tool_call_response`,
 * `reasoning`, `uri`, ...), and serialises them under a size cap that keeps the JSON valid (long
 * strings are cut with a `…[truncated N chars]` marker; if that is not enough, the oldest messages are
 * replaced by one marker message). Only ever called when the user opted in.
 */
import { truncateStrings } from '../../semconv/content.ts';

/** One part of a GenAI message (text, tool call, tool call response, reasoning, uri, generic). */
export type GenAIPart = { type: string } & Record<string, unknown>;

/** A GenAI input or output message. Output messages carry `finish_reason`. */
export interface GenAIMessage {
  role: string;
  parts: GenAIPart[];
  finish_reason?: string;
}

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' ? (v as Obj) : undefined;
}

function text(content: unknown): GenAIPart {
  return { type: 'text', content: typeof content === 'string' ? content : JSON.stringify(content) };
}

/** Tool arguments as JSON when they parse, else the raw string. */
function toolArguments(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

function toolCall(id: unknown, name: unknown, args: unknown): GenAIPart {
  return {
    type: 'tool_call',
    id: typeof id === 'string' ? id : null,
    name: typeof name === 'string' ? name : '',
    arguments: toolArguments(args),
  };
}

function contentParts(content: unknown): GenAIPart[] {
  if (typeof content === 'string') return [text(content)];
  if (!Array.isArray(content)) return content == null ? [] : [text(content)];
  const parts: GenAIPart[] = [];
  for (const raw of content) {
    const p = asObj(raw);
    if (!p) continue;
    switch (p.type) {
      case 'input_text':
      case 'output_text':
      case 'text':
        parts.push(text(p.text));
        break;
      case 'refusal':
        parts.push({ type: 'refusal', content: typeof p.refusal === 'string' ? p.refusal : '' });
        break;
      case 'input_image': {
        if (typeof p.image_url === 'string') parts.push({ type: 'uri', modality: 'image', uri: p.image_url });
        else if (typeof p.file_id === 'string')
          parts.push({ type: 'file', modality: 'image', file_id: p.file_id });
        break;
      }
      case 'image_url': {
        const url = asObj(p.image_url)?.url;
        if (typeof url === 'string') parts.push({ type: 'uri', modality: 'image', uri: url });
        break;
      }
      default:
        parts.push({ type: typeof p.type === 'string' ? p.type : 'unknown' });
    }
  }
  return parts;
}

function reasoningText(item: Obj): string {
  const out: string[] = [];
  for (const list of [item.summary, item.content]) {
    if (!Array.isArray(list)) continue;
    for (const s of list) {
      const t = asObj(s)?.text;
      if (typeof t === 'string') out.push(t);
    }
  }
  return out.join('\n');
}

/** One Responses input/output item as a GenAI message (or `undefined` for items we skip). */
function responsesItemMessage(raw: unknown): GenAIMessage | undefined {
  const item = asObj(raw);
  if (!item) return undefined;
  const type = item.type ?? 'message';
  switch (type) {
    case 'message':
      return { role: typeof item.role === 'string' ? item.role : 'user', parts: contentParts(item.content) };
    case 'function_call':
      return { role: 'assistant', parts: [toolCall(item.call_id, item.name, item.arguments)] };
    case 'custom_tool_call':
      return { role: 'assistant', parts: [toolCall(item.call_id, item.name, item.input)] };
    case 'function_call_output':
    case 'custom_tool_call_output':
      return {
        role: 'tool',
        parts: [
          {
            type: 'tool_call_response',
            id: typeof item.call_id === 'string' ? item.call_id : null,
            response: item.output,
          },
        ],
      };
    case 'reasoning':
      return { role: 'assistant', parts: [{ type: 'reasoning', content: reasoningText(item) }] };
    case 'item_reference':
      return undefined;
    default:
      return { role: 'assistant', parts: [{ type: String(type) }] };
  }
}

/** `gen_ai.input.messages` for a Responses request (`input` string or items). */
export function responsesInputMessages(body: unknown): GenAIMessage[] {
  const input = asObj(body)?.input;
  if (typeof input === 'string') return [{ role: 'user', parts: [text(input)] }];
  if (!Array.isArray(input)) return [];
  const out: GenAIMessage[] = [];
  for (const item of input) {
    const m = responsesItemMessage(item);
    if (m) out.push(m);
  }
  return out;
}

/** `gen_ai.system_instructions` for a Responses request (`instructions`), or `undefined`. */
export function responsesSystemInstructions(body: unknown): GenAIPart[] | undefined {
  const instructions = asObj(body)?.instructions;
  return typeof instructions === 'string' && instructions !== '' ? [text(instructions)] : undefined;
}

/** `gen_ai.output.messages` for a Responses `Response`: one assistant message with every output part. */
export function responsesOutputMessages(result: unknown, finishReason: string | undefined): GenAIMessage[] {
  const output = asObj(result)?.output;
  const parts: GenAIPart[] = [];
  if (Array.isArray(output)) {
    for (const item of output) {
      const m = responsesItemMessage(item);
      if (m) parts.push(...m.parts);
    }
  }
  return [{ role: 'assistant', parts, finish_reason: finishReason ?? 'stop' }];
}

/** `gen_ai.input.messages` for a Chat request (`messages`, system messages included). */
export function chatInputMessages(body: unknown): GenAIMessage[] {
  const messages = asObj(body)?.messages;
  if (!Array.isArray(messages)) return [];
  const out: GenAIMessage[] = [];
  for (const raw of messages) {
    const m = asObj(raw);
    if (!m) continue;
    const role = typeof m.role === 'string' ? m.role : 'user';
    if (role === 'tool') {
      out.push({
        role,
        parts: [
          {
            type: 'tool_call_response',
            id: typeof m.tool_call_id === 'string' ? m.tool_call_id : null,
            response: m.content,
          },
        ],
      });
      continue;
    }
    const parts = contentParts(m.content);
    if (Array.isArray(m.tool_calls)) parts.push(...chatToolCalls(m.tool_calls));
    out.push({ role, parts });
  }
  return out;
}

function chatToolCalls(calls: unknown[]): GenAIPart[] {
  const parts: GenAIPart[] = [];
  for (const raw of calls) {
    const c = asObj(raw);
    if (!c) continue;
    const fn = asObj(c.function) ?? asObj(c.custom);
    parts.push(toolCall(c.id, fn?.name, fn?.arguments ?? fn?.input));
  }
  return parts;
}

/** `gen_ai.output.messages` for a `ChatCompletion`: one message per choice. */
export function chatOutputMessages(result: unknown): GenAIMessage[] {
  const choices = asObj(result)?.choices;
  if (!Array.isArray(choices)) return [];
  const out: GenAIMessage[] = [];
  for (const raw of choices) {
    const c = asObj(raw);
    if (!c) continue;
    const msg = asObj(c.message);
    const parts: GenAIPart[] = [];
    if (msg) {
      if (typeof msg.content === 'string') parts.push(text(msg.content));
      if (typeof msg.refusal === 'string') parts.push({ type: 'refusal', content: msg.refusal });
      if (Array.isArray(msg.tool_calls)) parts.push(...chatToolCalls(msg.tool_calls));
    }
    out.push({
      role: typeof msg?.role === 'string' ? msg.role : 'assistant',
      parts,
      finish_reason: typeof c.finish_reason === 'string' ? c.finish_reason : 'error',
    });
  }
  return out;
}

/**
 * JSON for a content attribute, at most `max` characters and always valid JSON of the same shape:
 * strings are cut (halving the per-string limit) until it fits; for message lists the oldest
 * messages are then replaced by one `{ type: 'truncated' }` marker message.
 */
export function cappedJson(value: GenAIMessage[] | GenAIPart[], max: number, output = false): string {
  const json = JSON.stringify(value);
  if (json.length <= max) return json;
  let limit = Math.max(64, Math.floor(max / 4));
  let shrunk = value;
  for (; limit >= 64; limit = Math.floor(limit / 2)) {
    shrunk = truncateStrings(value, limit) as typeof value;
    const s = JSON.stringify(shrunk);
    if (s.length <= max) return s;
  }
  const isMessages = shrunk.length > 0 && Array.isArray((shrunk[0] as GenAIMessage).parts);
  for (let drop = 1; drop < shrunk.length; drop++) {
    const marker = isMessages
      ? {
          role: 'system',
          parts: [{ type: 'truncated', content: `…[${drop} earlier messages truncated]` }],
          ...(output ? { finish_reason: 'error' } : {}),
        }
      : { type: 'truncated', content: `…[${drop} earlier parts truncated]` };
    const s = JSON.stringify([marker, ...shrunk.slice(drop)]);
    if (s.length <= max) return s;
  }
  return '[]';
}
