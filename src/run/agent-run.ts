import { type Attributes, context, SpanKind, trace } from '@opentelemetry/api';
import { InvalidArgumentError } from '../errors.ts';
import { newRunId, resolveConversationId } from '../ids.ts';
import type { ModelMessage } from '../messages/types.ts';
import {
  ATTR_CONVTRACE_HISTORY_CONVERSATION_ID,
  ATTR_CONVTRACE_HISTORY_RUN_ID,
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION,
  TRACER_NAME,
} from '../otel/attributes.ts';
import { MAX_BAGGAGE_VALUE_LENGTH, withRunBaggage } from '../otel/baggage.ts';
import { recordSpanError } from '../otel/span-errors.ts';
import type { RunContext } from './context.ts';

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
 * {@link resolveConversationId}, a fresh UUIDv7 run id) without starting anything. {@link agentRun}
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
  const conversationId = resolveConversationId(options.conversationId, history);
  if (conversationId.length > MAX_ID_LENGTH) {
    throw new InvalidArgumentError(
      'messageHistory',
      `conversation_id is longer than ${MAX_ID_LENGTH} characters`,
    );
  }
  const runId = options.runId === undefined ? newRunId() : checkId('runId', options.runId, false);
  return { agentName, runId, conversationId };
}

/**
 * Where this run continues from, for conversation views: the newest run id and conversation id on
 * the history (the latter differs from the run's own exactly when it forked).
 */
function historyLinks(history: readonly ModelMessage[] | null | undefined): Attributes {
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

/**
 * Runs `fn` as one agent run: resolves the ids, starts an `invoke_agent {name}` span (INTERNAL,
 * ids set at start), puts the three ids in W3C baggage while the span is recording — so every child
 * span, and every downstream service reached with a propagating client, carries them — records
 * exceptions, and hands `fn` the {@link RunContext}. Wrap any agent loop with it: your own, or
 * another framework's.
 *
 * Throws {@link InvalidArgumentError} (before `fn` runs) for a bad name, id or history.
 */
export async function agentRun<T>(
  options: AgentRunOptions,
  fn: (run: RunContext) => Promise<T> | T,
): Promise<T> {
  const ids = prepareRun(options);
  // Caller attributes first: they may add to, never overwrite, the run's own ids.
  const attributes: Attributes = {
    ...options.attributes,
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.invokeAgent,
    [ATTR_GEN_AI_AGENT_NAME]: ids.agentName,
    [ATTR_GEN_AI_AGENT_CALL_ID]: ids.runId,
    [ATTR_GEN_AI_CONVERSATION_ID]: ids.conversationId,
    ...(options.description ? { [ATTR_GEN_AI_AGENT_DESCRIPTION]: options.description } : {}),
    ...historyLinks(options.messageHistory),
  };
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = context.active();
  const span = tracer.startSpan(
    `${GEN_AI_OPERATION.invokeAgent} ${ids.agentName}`,
    { kind: SpanKind.INTERNAL, attributes },
    parent,
  );
  let ctx = trace.setSpan(parent, span);
  // Like pydantic-ai: baggage only while recording, so unsampled runs add nothing to outgoing headers.
  if (span.isRecording()) ctx = withRunBaggage(ctx, ids);
  const run: RunContext = { ...ids, span };
  try {
    return await context.with(ctx, () => fn(run));
  } catch (err) {
    recordSpanError(span, err);
    throw err;
  } finally {
    span.end();
  }
}
