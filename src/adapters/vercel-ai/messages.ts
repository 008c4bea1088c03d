import type { z } from 'zod';
import { RequestError } from '../../errors.ts';
import { nowIso } from '../../messages/build.ts';
import type { ModelMessage } from '../../messages/types.ts';
import { zodRequestError } from '../shared/http.ts';
import { fileContent, MessageBuilder, simplifyContent } from '../shared/message-builder.ts';
import { partSchemas, type UiMessage } from './schema.ts';

type Part = { type: string; [key: string]: unknown };

function check<T>(schema: z.ZodType<T>, value: unknown, path: Array<string | number>): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const err = zodRequestError(r.error);
  const inner = err.field === 'body' ? '' : err.field.startsWith('[') ? err.field : `.${err.field}`;
  const prefix = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
  throw new RequestError(400, `${prefix}${inner}`, err.message);
}

/** The user content of a user message's parts: text as strings, files as pydantic-ai file content. */
export function uiUserContent(parts: readonly Part[], path: Array<string | number>): string | unknown[] {
  const items: unknown[] = [];
  parts.forEach((part, j) => {
    if (part.type === 'text') items.push(check(partSchemas.text, part, [...path, j]).text);
    else if (part.type === 'file') {
      const f = check(partSchemas.file, part, [...path, j]);
      const dataUrl = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(f.url);
      items.push(
        dataUrl?.[2]
          ? fileContent({ data: dataUrl[3] ?? '', mediaType: f.mediaType }, 'binary')
          : fileContent({ url: f.url, mediaType: f.mediaType }, 'document-url'),
      );
    }
    // step-start, data-*, source-* parts carry no model input.
  });
  return simplifyContent(items);
}

function toolPart(part: Part, path: Array<string | number>) {
  if (part.type === 'dynamic-tool') return check(partSchemas.dynamicTool, part, path);
  const p = check(partSchemas.tool, part, path);
  return { ...p, toolName: part.type.slice('tool-'.length) };
}

/**
 * Converts AI SDK `UIMessage`s to {@link ModelMessage}s, like pydantic-ai's Vercel adapter: system
 * text becomes system-prompt parts, user text and files a user prompt, assistant text / reasoning /
 * tool parts a response (`step-start` starts a new one), and tool outputs (`output-available`,
 * `output-error`) the tool returns / retry prompts that follow it. Throws {@link RequestError}
 * naming the bad part field.
 */
export function uiToModelMessages(messages: readonly UiMessage[], offset = 0): ModelMessage[] {
  const b = new MessageBuilder();
  messages.forEach((m, i) => {
    const path: Array<string | number> = ['messages', offset + i, 'parts'];
    const parts = m.parts as Part[];
    const timestamp = nowIso();
    if (m.role === 'system') {
      parts.forEach((part, j) => {
        if (part.type !== 'text') return;
        const content = check(partSchemas.text, part, [...path, j]).text;
        b.request({ part_kind: 'system-prompt', content, timestamp, dynamic_ref: null });
      });
      return;
    }
    if (m.role === 'user') {
      b.request({ part_kind: 'user-prompt', content: uiUserContent(parts, path), timestamp });
      return;
    }
    b.breakResponse();
    let returns: Array<() => void> = [];
    const flushReturns = (): void => {
      for (const add of returns) add();
      returns = [];
    };
    parts.forEach((part, j) => {
      if (part.type === 'step-start') {
        if (returns.length > 0) flushReturns();
        else b.breakResponse();
      } else if (part.type === 'text') {
        const content = check(partSchemas.text, part, [...path, j]).text;
        if (content) b.response({ part_kind: 'text', content, id: null, provider_details: null });
      } else if (part.type === 'reasoning') {
        const content = check(partSchemas.reasoning, part, [...path, j]).text;
        b.response({ part_kind: 'thinking', content, id: null, provider_name: null });
      } else if (part.type === 'dynamic-tool' || part.type.startsWith('tool-')) {
        const t = toolPart(part, [...path, j]);
        const args =
          t.input !== null && typeof t.input === 'object' && !Array.isArray(t.input)
            ? (t.input as Record<string, unknown>)
            : typeof t.input === 'string'
              ? t.input
              : null;
        b.response({
          part_kind: 'tool-call',
          tool_name: t.toolName,
          args,
          tool_call_id: t.toolCallId,
          id: null,
          provider_details: null,
        });
        if (t.state === 'output-available') {
          returns.push(() =>
            b.request({
              part_kind: 'tool-return',
              tool_name: t.toolName,
              content: t.output ?? null,
              tool_call_id: t.toolCallId,
              metadata: null,
              timestamp,
            }),
          );
        } else if (t.state === 'output-error' || t.state === 'output-denied') {
          const content =
            t.errorText ?? (t.state === 'output-denied' ? 'The tool call was denied.' : 'error');
          returns.push(() =>
            b.request({
              part_kind: 'retry-prompt',
              content,
              tool_name: t.toolName,
              tool_call_id: t.toolCallId,
              timestamp,
            }),
          );
        }
      }
      // source-*, file, data-*, custom parts of assistant messages are UI-only.
    });
    flushReturns();
  });
  return b.build();
}
