import type { ModelResponse, RetryPromptPart, ToolCallPart, ToolReturnPart } from '../messages/types.ts';

/**
 * What a run reports while it goes, in order — what UI protocol adapters turn into AG-UI or Vercel
 * stream events.
 */
export type AgentEvent =
  /** A model call starts (index counts from 0 within the run). */
  | { type: 'model-request'; index: number }
  /** Streamed text (non-streaming runs report the whole text once). */
  | { type: 'text-delta'; delta: string }
  /** The model asked for a tool call. */
  | { type: 'tool-call'; part: ToolCallPart }
  /** A tool call's result (or a retry prompt sent back). */
  | { type: 'tool-result'; part: ToolReturnPart | RetryPromptPart }
  /** A complete model response, stamped with the run's ids. */
  | { type: 'model-response'; response: ModelResponse };
