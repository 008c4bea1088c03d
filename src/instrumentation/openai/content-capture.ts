/**
 * Opt-in content capture of the wire shapes: converts Responses / Chat request bodies and results
 * into the GenAI semconv message JSON of `semconv/messages.ts` (`gen_ai.input.messages`,
 * `gen_ai.output.messages`, `gen_ai.system_instructions`). Serialising under the size cap is
 * `semconv/content.ts`'s one rule. Only ever called when the user opted in.
 */
import { chatFinishReason } from '../../semconv/finish-reasons.ts';
import {
  type GenAIMessage,
  type GenAIPart,
  textPart as text,
  toolCallPart as toolCall,
  toolCallResponsePart,
} from '../../semconv/messages.ts';

type Obj = Record<string, unknown>;

function asObj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' ? (v as Obj) : undefined;
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
  // Paragraph-joined, as the Responses model joins summaries into its thinking part.
  return out.join('\n\n');
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
      return { role: 'tool', parts: [toolCallResponsePart(item.call_id, item.output)] };
    case 'reasoning':
      return { role: 'assistant', parts: [{ type: 'reasoning', content: reasoningText(item) }] };
    case 'item_reference':
      return undefined;
    default:
      return { role: 'assistant', parts: [{ type: String(type) }] };
  }
}

/**
 * `gen_ai.input.messages` for a Responses request (`input` string or items). Consecutive assistant
 * items (text, function calls, reasoning) are one assistant turn, so they form one message — as in
 * `gen_ai.output.messages` and as the turn is recorded from the agent's own history.
 */
export function responsesInputMessages(body: unknown): GenAIMessage[] {
  const input = asObj(body)?.input;
  if (typeof input === 'string') return [{ role: 'user', parts: [text(input)] }];
  if (!Array.isArray(input)) return [];
  const out: GenAIMessage[] = [];
  let turn: GenAIMessage | undefined;
  for (const item of input) {
    const m = responsesItemMessage(item);
    if (!m) continue;
    if (m.role === 'assistant' && turn) {
      turn.parts.push(...m.parts);
      continue;
    }
    turn = m.role === 'assistant' ? m : undefined;
    out.push(m);
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
      out.push({ role, parts: [toolCallResponsePart(m.tool_call_id, m.content)] });
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
      finish_reason: typeof c.finish_reason === 'string' ? chatFinishReason(c.finish_reason) : 'error',
    });
  }
  return out;
}
