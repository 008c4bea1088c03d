import { v7 as uuidv7 } from 'uuid';
import type { AgentEvent } from '../../agent/events.ts';
import type { RunResult } from '../../agent/result.ts';
import { toolCallArgsJson } from '../../messages/parts.ts';
import { defaultErrorMessage, type ProtocolWriter } from '../shared/sse.ts';

/** AG-UI token usage of one provider and model (`RUN_FINISHED.usage`). */
export interface AgUiTokenUsage {
  provider?: string;
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cachedInputTokens?: number;
}

/** The AG-UI events convtrace emits (wire shape, camelCase). */
export type AgUiEvent =
  | { type: 'RUN_STARTED'; threadId: string; runId: string; parentRunId?: string }
  | {
      type: 'RUN_FINISHED';
      threadId: string;
      runId: string;
      result?: unknown;
      outcome: { type: 'success' };
      usage?: AgUiTokenUsage[];
    }
  | { type: 'RUN_ERROR'; message: string; code?: string }
  | { type: 'TEXT_MESSAGE_START'; messageId: string; role: 'assistant' }
  | { type: 'TEXT_MESSAGE_CONTENT'; messageId: string; delta: string }
  | { type: 'TEXT_MESSAGE_END'; messageId: string }
  | { type: 'TOOL_CALL_START'; toolCallId: string; toolCallName: string; parentMessageId?: string }
  | { type: 'TOOL_CALL_ARGS'; toolCallId: string; delta: string }
  | { type: 'TOOL_CALL_END'; toolCallId: string }
  | { type: 'TOOL_CALL_RESULT'; messageId: string; toolCallId: string; content: string };

/** Options of {@link AgUiEventWriter}. */
export interface AgUiEventWriterOptions {
  /** The client's `threadId`, echoed on `RUN_STARTED` / `RUN_FINISHED`. */
  threadId: string;
  /** The client's `runId`, echoed on `RUN_STARTED` / `RUN_FINISHED`. */
  runId: string;
  parentRunId?: string | null;
  /** Provider and model for `RUN_FINISHED.usage`. */
  provider?: string;
  model?: string;
  /** The `RUN_ERROR.message` for a failure; default the error's message. */
  errorMessage?: (error: unknown) => string;
}

/** A tool result as the string `TOOL_CALL_RESULT.content` carries. */
function resultContent(content: unknown): string {
  if (typeof content === 'string') return content;
  try {
    return JSON.stringify(content) ?? 'null';
  } catch {
    return String(content);
  }
}

/** A token count as the non-negative integer AG-UI requires. */
function tokens(n: number | undefined): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0;
}

/**
 * Maps a run's {@link AgentEvent}s to AG-UI events in the order the AG-UI client verifies: text
 * messages and tool calls are opened before their content and closed before anything else starts;
 * each model response gets one message id, which its tool calls name as `parentMessageId`.
 */
export class AgUiEventWriter implements ProtocolWriter<AgUiEvent> {
  private readonly options: AgUiEventWriterOptions;
  private responseId = uuidv7();
  private responseIdUsed = false;
  private openText: string | undefined;

  constructor(options: AgUiEventWriterOptions) {
    this.options = options;
  }

  open(): AgUiEvent[] {
    const { threadId, runId, parentRunId } = this.options;
    return [{ type: 'RUN_STARTED', threadId, runId, ...(parentRunId ? { parentRunId } : {}) }];
  }

  event(event: AgentEvent): AgUiEvent[] {
    switch (event.type) {
      case 'model-request':
        this.responseId = uuidv7();
        this.responseIdUsed = false;
        return this.closeText();
      case 'text-delta': {
        if (event.delta === '') return [];
        const out: AgUiEvent[] = [];
        if (!this.openText) {
          this.openText = this.responseIdUsed ? uuidv7() : this.responseId;
          this.responseIdUsed = true;
          out.push({ type: 'TEXT_MESSAGE_START', messageId: this.openText, role: 'assistant' });
        }
        out.push({ type: 'TEXT_MESSAGE_CONTENT', messageId: this.openText, delta: event.delta });
        return out;
      }
      case 'tool-call': {
        const { tool_call_id: toolCallId, tool_name: toolCallName } = event.part;
        const args = toolCallArgsJson(event.part);
        this.responseIdUsed = true;
        return [
          ...this.closeText(),
          { type: 'TOOL_CALL_START', toolCallId, toolCallName, parentMessageId: this.responseId },
          ...(args ? [{ type: 'TOOL_CALL_ARGS' as const, toolCallId, delta: args }] : []),
          { type: 'TOOL_CALL_END', toolCallId },
        ];
      }
      case 'tool-result':
        return [
          ...this.closeText(),
          {
            type: 'TOOL_CALL_RESULT',
            messageId: uuidv7(),
            toolCallId: event.part.tool_call_id,
            content: resultContent(event.part.content),
          },
        ];
      case 'model-response':
        return this.closeText();
      default:
        return [];
    }
  }

  finish(result: RunResult): AgUiEvent[] {
    const { threadId, runId, provider, model } = this.options;
    const u = result.usage;
    const input = tokens(u.input_tokens);
    const output = tokens(u.output_tokens);
    const cached = tokens(u.cache_read_tokens);
    const usage: AgUiTokenUsage = {
      ...(provider ? { provider } : {}),
      ...(model ? { model } : {}),
      inputTokens: input,
      outputTokens: output,
      totalTokens: input + output,
      ...(cached ? { cachedInputTokens: cached } : {}),
    };
    return [
      ...this.closeText(),
      { type: 'RUN_FINISHED', threadId, runId, outcome: { type: 'success' }, usage: [usage] },
    ];
  }

  fail(error: unknown): AgUiEvent[] {
    let message: string;
    try {
      message = (this.options.errorMessage ?? defaultErrorMessage)(error);
    } catch {
      message = 'the agent run failed';
    }
    const code = error instanceof Error && error.name ? error.name : undefined;
    return [...this.closeText(), { type: 'RUN_ERROR', message, ...(code ? { code } : {}) }];
  }

  private closeText(): AgUiEvent[] {
    if (!this.openText) return [];
    const messageId = this.openText;
    this.openText = undefined;
    return [{ type: 'TEXT_MESSAGE_END', messageId }];
  }
}
