import { v7 as uuidv7 } from 'uuid';
import type { AgentEvent } from '../../agent/events.ts';
import { toolCallArgsJson, toolCallArgsObject } from '../../messages/parts.ts';
import { defaultErrorMessage, type ProtocolWriter } from '../shared/sse.ts';

/** The UI message stream (v1) chunks convtrace emits. */
export type UiMessageChunk =
  | { type: 'start'; messageId?: string }
  | { type: 'start-step' }
  | { type: 'finish-step' }
  | { type: 'finish'; finishReason: 'stop' | 'error' }
  | { type: 'text-start'; id: string }
  | { type: 'text-delta'; id: string; delta: string }
  | { type: 'text-end'; id: string }
  | { type: 'tool-input-start'; toolCallId: string; toolName: string }
  | { type: 'tool-input-delta'; toolCallId: string; inputTextDelta: string }
  | { type: 'tool-input-available'; toolCallId: string; toolName: string; input: unknown }
  | { type: 'tool-input-error'; toolCallId: string; toolName: string; input: unknown; errorText: string }
  | { type: 'tool-output-available'; toolCallId: string; output: unknown }
  | { type: 'tool-output-error'; toolCallId: string; errorText: string }
  | { type: 'error'; errorText: string };

/** Options of {@link UiMessageStreamWriter}. */
export interface UiMessageStreamWriterOptions {
  /** `start.messageId`: the id of the assistant message being streamed. */
  messageId?: string;
  /** The `error.errorText` for a failure; default the error's message. */
  errorMessage?: (error: unknown) => string;
}

/** A value as JSON-safe output (`undefined` → `null`; unserializable → its string form). */
function jsonSafe(value: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(value ?? null));
  } catch {
    return String(value);
  }
}

/**
 * Maps a run's {@link AgentEvent}s to AI SDK UI message stream chunks: one `start`, a
 * `start-step` … `finish-step` per model call (the step holds its tool calls and their outputs),
 * `text-*` and `tool-input-*` / `tool-output-*` inside, then `finish`; on failure `error`, then
 * `finish-step` and `finish` with `finishReason: 'error'`.
 */
export class UiMessageStreamWriter implements ProtocolWriter<UiMessageChunk> {
  private readonly options: UiMessageStreamWriterOptions;
  private stepOpen = false;
  private openText: string | undefined;

  constructor(options: UiMessageStreamWriterOptions = {}) {
    this.options = options;
  }

  open(): UiMessageChunk[] {
    return [{ type: 'start', ...(this.options.messageId ? { messageId: this.options.messageId } : {}) }];
  }

  event(event: AgentEvent): UiMessageChunk[] {
    switch (event.type) {
      case 'model-request': {
        const out = this.closeStep();
        this.stepOpen = true;
        out.push({ type: 'start-step' });
        return out;
      }
      case 'text-delta': {
        if (event.delta === '') return [];
        const out: UiMessageChunk[] = [];
        if (!this.openText) {
          this.openText = uuidv7();
          out.push({ type: 'text-start', id: this.openText });
        }
        out.push({ type: 'text-delta', id: this.openText, delta: event.delta });
        return out;
      }
      case 'tool-call': {
        const { tool_call_id: toolCallId, tool_name: toolName } = event.part;
        const start: UiMessageChunk[] = [
          ...this.closeText(),
          { type: 'tool-input-start', toolCallId, toolName },
          { type: 'tool-input-delta', toolCallId, inputTextDelta: toolCallArgsJson(event.part) },
        ];
        try {
          const input = toolCallArgsObject(event.part);
          return [...start, { type: 'tool-input-available', toolCallId, toolName, input }];
        } catch (err) {
          const errorText = `invalid tool arguments: ${(err as Error).message}`;
          return [
            ...start,
            { type: 'tool-input-error', toolCallId, toolName, input: event.part.args, errorText },
          ];
        }
      }
      case 'tool-result': {
        const part = event.part;
        if (part.part_kind === 'tool-return') {
          return [
            ...this.closeText(),
            { type: 'tool-output-available', toolCallId: part.tool_call_id, output: jsonSafe(part.content) },
          ];
        }
        const errorText = typeof part.content === 'string' ? part.content : JSON.stringify(part.content);
        return [...this.closeText(), { type: 'tool-output-error', toolCallId: part.tool_call_id, errorText }];
      }
      case 'model-response':
        return this.closeText();
      default:
        return [];
    }
  }

  finish(): UiMessageChunk[] {
    return [...this.closeStep(), { type: 'finish', finishReason: 'stop' }];
  }

  fail(error: unknown): UiMessageChunk[] {
    let errorText: string;
    try {
      errorText = (this.options.errorMessage ?? defaultErrorMessage)(error);
    } catch {
      errorText = 'the agent run failed';
    }
    return [
      ...this.closeText(),
      { type: 'error', errorText },
      ...this.closeStep(),
      { type: 'finish', finishReason: 'error' },
    ];
  }

  private closeText(): UiMessageChunk[] {
    if (!this.openText) return [];
    const id = this.openText;
    this.openText = undefined;
    return [{ type: 'text-end', id }];
  }

  private closeStep(): UiMessageChunk[] {
    const out = this.closeText();
    if (this.stepOpen) out.push({ type: 'finish-step' });
    this.stepOpen = false;
    return out;
  }
}
