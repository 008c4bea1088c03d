import { nowIso } from '../../messages/build.ts';
import type { ModelMessage } from '../../messages/types.ts';
import { fileContent, MessageBuilder, simplifyContent } from '../shared/message-builder.ts';
import type { AgUiMessage } from './schema.ts';

type ContentItem = { type: string; [key: string]: unknown };

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** One AG-UI input content item as pydantic-ai user content; unknown items are kept as given. */
function contentItem(item: ContentItem): unknown {
  if (item.type === 'text') return str(item.text) ?? '';
  const source = item.source as Record<string, unknown> | undefined;
  if (source && typeof source === 'object') {
    const mediaType = str(source.mimeType);
    if (source.type === 'url' || source.type === 'file') {
      return fileContent({ url: str(source.value) ?? '', mediaType }, `${item.type}-url`);
    }
    if (source.type === 'data') return fileContent({ data: str(source.value) ?? '', mediaType }, 'binary');
  }
  if (item.type === 'binary') {
    // AG-UI 0.0.x `BinaryInputContent`: `{ mimeType, url?, data? }`.
    const mediaType = str(item.mimeType);
    if (str(item.url) !== undefined) return fileContent({ url: str(item.url), mediaType }, 'document-url');
    if (str(item.data) !== undefined) return fileContent({ data: str(item.data), mediaType }, 'binary');
  }
  return item;
}

/** AG-UI content (a string or a list of items) as user content. */
export function agUiContent(content: string | ContentItem[]): string | unknown[] {
  return typeof content === 'string' ? content : simplifyContent(content.map(contentItem));
}

/**
 * Converts AG-UI frontend messages to {@link ModelMessage}s (no ids: the run stamps what it
 * produces). System and developer messages become system-prompt parts; assistant content and tool
 * calls a response; tool messages tool returns (or retry prompts when they carry `error`); reasoning
 * a thinking part. Activity messages are UI-only and skipped.
 */
export function agUiToModelMessages(messages: readonly AgUiMessage[]): ModelMessage[] {
  const b = new MessageBuilder();
  const toolNames = new Map<string, string>();
  for (const m of messages) {
    const timestamp = nowIso();
    switch (m.role) {
      case 'system':
      case 'developer':
        b.request({ part_kind: 'system-prompt', content: m.content, timestamp, dynamic_ref: null });
        break;
      case 'user':
        b.request({
          part_kind: 'user-prompt',
          content: agUiContent(m.content as string | ContentItem[]),
          timestamp,
        });
        break;
      case 'assistant':
        if (m.content)
          b.response({ part_kind: 'text', content: m.content, id: null, provider_details: null });
        for (const call of m.toolCalls ?? []) {
          toolNames.set(call.id, call.function.name);
          b.response({
            part_kind: 'tool-call',
            tool_name: call.function.name,
            args: call.function.arguments,
            tool_call_id: call.id,
            id: null,
            provider_details: null,
          });
        }
        break;
      case 'reasoning':
        b.response({ part_kind: 'thinking', content: m.content, id: null, provider_name: null });
        break;
      case 'tool': {
        const toolName = toolNames.get(m.toolCallId) ?? '';
        const content = agUiContent(m.content as string | ContentItem[]);
        if (m.error !== undefined) {
          b.request({
            part_kind: 'retry-prompt',
            content: m.error,
            tool_name: toolName,
            tool_call_id: m.toolCallId,
            timestamp,
          });
        } else {
          b.request({
            part_kind: 'tool-return',
            tool_name: toolName,
            content,
            tool_call_id: m.toolCallId,
            metadata: null,
            timestamp,
          });
        }
        break;
      }
      default:
        break; // activity: UI state only
    }
  }
  return b.build();
}
