import type { Attributes } from '@opentelemetry/api';
import { InvalidArgumentError } from '../errors.ts';
import { describeForeignMessage, findForeignMessage } from '../messages/foreign.ts';
import type { ModelMessage } from '../messages/types.ts';
import { MAX_BAGGAGE_VALUE_LENGTH } from './baggage.ts';
import { newRunId, resolveConversationId } from './ids.ts';
import { ATTR_CONVTRACE_HISTORY_CONVERSATION_ID, ATTR_CONVTRACE_HISTORY_RUN_ID } from './keys.ts';
import { turnIndexOf } from './turns.ts';

/** Longest accepted agent name, run id or conversation id (they ride in baggage). */
export const MAX_ID_LENGTH = MAX_BAGGAGE_VALUE_LENGTH;

/** Options of {@link agentRun}. */
export interface AgentRunOptions {
  /** `gen_ai.agent.name`; default `'agent'`. */
  agentName?: string;
  /** Explicit conversation id, or `'new'` to fork. Default: from `messageHistory`, else fresh. */
  conversationId?: string | null;
  /** The history this run builds on, as the caller passed it (before any trimming). */
  messageHistory?: readonly ModelMessage[] | null;
  /** Use this run id instead of minting one (must not be empty). */
  runId?: string;
  /** `gen_ai.agent.description`. */
  description?: string;
  /** More attributes for the `invoke_agent` span, set at start. */
  attributes?: Attributes;
}

/** The validated ids of a run about to start. */
export interface PreparedRun {
  agentName: string;
  runId: string;
  conversationId: string;
  /** The run's turn in its conversation: distinct run ids on the history + 1. */
  turnIndex: number;
}

function checkId(field: string, value: unknown, allowEmpty: boolean): string {
  if (typeof value !== 'string')
    throw new InvalidArgumentError(field, `expected a string, got ${typeof value}`);
  if (!allowEmpty && value === '') throw new InvalidArgumentError(field, 'must not be empty');
  if (value.length > MAX_ID_LENGTH) {
    throw new InvalidArgumentError(
      field,
      `is ${value.length} characters; at most ${MAX_ID_LENGTH} are allowed`,
    );
  }
  return value;
}

/**
 * Validates the options and resolves the run's ids (conversation id per
 * {@link resolveConversationId}, a fresh UUIDv7 run id) without starting anything. A history of AI
 * SDK messages (UI or model) is rejected, naming the first one. {@link agentRun}
 * calls it; an agent that must expose the ids before the run starts calls it first.
 */
export function prepareRun(options: AgentRunOptions): PreparedRun {
  const agentName = checkId('agentName', options.agentName ?? 'agent', false);
  if (options.conversationId !== undefined && options.conversationId !== null) {
    checkId('conversationId', options.conversationId, true);
  }
  const history = options.messageHistory;
  if (history !== undefined && history !== null && !Array.isArray(history)) {
    throw new InvalidArgumentError('messageHistory', 'expected an array of messages');
  }
  // AI SDK messages carry no conversation_id: accepted, they would mint a new id every turn.
  const foreign = history ? findForeignMessage(history) : null;
  if (foreign) {
    throw new InvalidArgumentError(
      'messageHistory',
      `messageHistory[${foreign.index}] ${describeForeignMessage(foreign)}`,
    );
  }
  const conversationId = resolveConversationId(options.conversationId, history);
  if (conversationId.length > MAX_ID_LENGTH) {
    throw new InvalidArgumentError(
      'messageHistory',
      `conversation_id is longer than ${MAX_ID_LENGTH} characters`,
    );
  }
  const runId = options.runId === undefined ? newRunId() : checkId('runId', options.runId, false);
  return { agentName, runId, conversationId, turnIndex: turnIndexOf(history) };
}

/**
 * Where this run continues from, for conversation views: the newest run id and conversation id on
 * the history (the latter differs from the run's own exactly when it forked).
 */
export function historyLinks(history: readonly ModelMessage[] | null | undefined): Attributes {
  const out: Attributes = {};
  if (!history) return out;
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i];
    if (out[ATTR_CONVTRACE_HISTORY_RUN_ID] === undefined && m?.run_id) {
      out[ATTR_CONVTRACE_HISTORY_RUN_ID] = m.run_id.slice(0, MAX_ID_LENGTH);
    }
    if (out[ATTR_CONVTRACE_HISTORY_CONVERSATION_ID] === undefined && m?.conversation_id) {
      out[ATTR_CONVTRACE_HISTORY_CONVERSATION_ID] = m.conversation_id.slice(0, MAX_ID_LENGTH);
    }
    if (
      out[ATTR_CONVTRACE_HISTORY_RUN_ID] !== undefined &&
      out[ATTR_CONVTRACE_HISTORY_CONVERSATION_ID] !== undefined
    )
      break;
  }
  return out;
}
