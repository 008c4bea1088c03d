import { modelResponse } from '../../messages/build.ts';
import { retryPromptText as retryText, toolCallArgsJson, toolReturnText } from '../../messages/parts.ts';
import type {
  ModelMessage,
  ModelResponse,
  ModelResponsePart,
  RequestUsage,
  ToolCallPart,
  ToolReturnPart,
} from '../../messages/types.ts';
import { responsesFinishReason } from '../../semconv/finish-reasons.ts';
import type { ToolDefinition } from '../model.ts';
import type { WireObject } from './client-types.ts';

function userContent(content: string | unknown[]): string | WireObject[] {
  if (typeof content === 'string') return content;
  return content.map((item) => {
    if (typeof item === 'string') return { type: 'input_text', text: item };
    const o = item as WireObject;
    if (o.kind === 'image-url' && typeof o.url === 'string')
      return { type: 'input_image', image_url: o.url, detail: 'auto' };
    return { type: 'input_text', text: JSON.stringify(item) };
  });
}

/**
 * Maps messages to Responses `input` items: user and system text as easy messages, earlier
 * assistant text as `{role: 'assistant', content}` (no ids: items OpenAI stores are trimmed before
 * this, so resent text never collides with a stored id), tool calls as `function_call`, tool
 * results as `function_call_output`. Instructions travel in `instructions`, not as items.
 */
export function toResponsesInput(messages: readonly ModelMessage[]): WireObject[] {
  const input: WireObject[] = [];
  for (const m of messages) {
    if (m.kind === 'request') {
      for (const p of m.parts) {
        const q = p as WireObject;
        switch (p.part_kind) {
          case 'system-prompt':
            input.push({ role: 'system', content: String(q.content) });
            break;
          case 'user-prompt':
            input.push({ role: 'user', content: userContent(q.content as string | unknown[]) });
            break;
          case 'tool-return':
            input.push({
              type: 'function_call_output',
              call_id: q.tool_call_id,
              output: toolReturnText(p as ToolReturnPart),
            });
            break;
          case 'retry-prompt':
            if (q.tool_name) {
              input.push({
                type: 'function_call_output',
                call_id: q.tool_call_id,
                output: retryText(q.content as string),
              });
            } else input.push({ role: 'user', content: retryText(q.content as string) });
            break;
        }
      }
      continue;
    }
    let text = '';
    for (const p of m.parts) {
      const q = p as WireObject;
      if (p.part_kind === 'text') text += String(q.content);
      else if (p.part_kind === 'tool-call') {
        if (text) input.push({ role: 'assistant', content: text });
        text = '';
        input.push({
          type: 'function_call',
          call_id: q.tool_call_id,
          name: q.tool_name,
          arguments: toolCallArgsJson(p as ToolCallPart),
        });
      }
    }
    if (text) input.push({ role: 'assistant', content: text });
  }
  return input;
}

/** Function tools in the Responses (flat) shape. */
export function toResponsesTools(tools: readonly ToolDefinition[]): WireObject[] {
  return tools.map((t) => ({
    type: 'function',
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    parameters: t.parametersJsonSchema,
    strict: false,
  }));
}

function usageFrom(u: WireObject | undefined): RequestUsage {
  const input = Number(u?.input_tokens ?? 0);
  const output = Number(u?.output_tokens ?? 0);
  const inDetails = u?.input_tokens_details as WireObject | undefined;
  const cached = Number(inDetails?.cached_tokens ?? 0);
  const reasoning = Number((u?.output_tokens_details as WireObject | undefined)?.reasoning_tokens ?? 0);
  return {
    input_tokens: input,
    cache_write_tokens: Number(inDetails?.cache_write_tokens ?? 0),
    cache_read_tokens: cached,
    output_tokens: output,
    details: reasoning ? { reasoning_tokens: reasoning } : {},
  };
}

/** A `function_call` output item as a tool-call part. */
export function functionCallPart(item: WireObject): ToolCallPart {
  return {
    part_kind: 'tool-call',
    tool_name: String(item.name),
    args: String(item.arguments ?? '{}'),
    tool_call_id: String(item.call_id),
    id: (item.id as string) ?? null,
    provider_details: null,
  };
}

/** Maps a Responses `Response` object to a {@link ModelResponse}. Unknown output items are kept as parts. */
export function fromResponsesResponse(
  r: WireObject,
  providerName: string,
  providerUrl: string | null,
): ModelResponse {
  const parts: ModelResponsePart[] = [];
  for (const item of (r.output as WireObject[] | undefined) ?? []) {
    if (item.type === 'message') {
      for (const c of (item.content as WireObject[] | undefined) ?? []) {
        if (c.type === 'output_text')
          parts.push({
            part_kind: 'text',
            content: String(c.text ?? ''),
            id: (item.id as string) ?? null,
            provider_details: null,
          });
        else if (c.type === 'refusal')
          parts.push({
            part_kind: 'text',
            content: String(c.refusal ?? ''),
            id: (item.id as string) ?? null,
            provider_details: { refusal: true },
          });
      }
    } else if (item.type === 'function_call') {
      parts.push(functionCallPart(item));
    } else if (item.type === 'reasoning') {
      const summary = ((item.summary as WireObject[] | undefined) ?? [])
        .map((s) => String(s.text ?? ''))
        .join('\n\n');
      parts.push({
        part_kind: 'thinking',
        content: summary,
        id: (item.id as string) ?? null,
        signature: (item.encrypted_content as string) ?? null,
        provider_name: providerName,
        provider_details: null,
      });
    } else {
      // Built-in tool calls and future item types: kept, never dropped.
      parts.push({ part_kind: 'provider-item', provider_name: providerName, item });
    }
  }
  const status = String(r.status ?? 'completed');
  const finish = responsesFinishReason({ ...r, status }) ?? null;
  const details: Record<string, unknown> = { finish_reason: status };
  if (typeof r.created_at === 'number') details.timestamp = new Date(r.created_at * 1000).toISOString();
  const conversation = r.conversation as WireObject | null | undefined;
  if (conversation && typeof conversation.id === 'string') details.conversation_id = conversation.id;
  return modelResponse(parts, {
    usage: usageFrom(r.usage as WireObject | undefined),
    model_name: (r.model as string) ?? null,
    provider_name: providerName,
    provider_url: providerUrl,
    provider_details: details,
    provider_response_id: (r.id as string) ?? null,
    finish_reason: finish,
  });
}
