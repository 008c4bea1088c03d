import { type Attributes, SpanKind } from '@opentelemetry/api';
import {
  ATTR_CONVTRACE_TURN_INDEX,
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
} from '../conversation/keys.ts';
import { type AgentRunOptions, historyLinks, type PreparedRun, prepareRun } from '../conversation/prepare.ts';
import { previousTurnLinks } from '../conversation/turns.ts';
import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION,
} from '../semconv/attributes.ts';
import { setRunIdAliases } from '../semconv/stability.ts';
import type { RunContext } from './context.ts';
import { withSpan } from './span.ts';

/**
 * Runs `fn` as one agent run: resolves the ids, starts an `invoke_agent {name}` span (INTERNAL,
 * ids set at start), puts the three ids in W3C baggage while the span is recording — so every child
 * span, and every downstream service reached with a propagating client, carries them — records
 * exceptions, and hands `fn` the {@link RunContext}. Wrap any agent loop with it: your own, or
 * another framework's.
 *
 * Rejects with {@link InvalidArgumentError} (before `fn` runs) for a bad name, id or history.
 */
export function agentRun<T>(options: AgentRunOptions, fn: (run: RunContext) => Promise<T> | T): Promise<T> {
  let ids: PreparedRun;
  let attributes: Attributes;
  try {
    ids = prepareRun(options);
    // Caller attributes first: they may add to, never overwrite, the run's own ids.
    attributes = {
      ...options.attributes,
      [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.invokeAgent,
      [ATTR_GEN_AI_AGENT_NAME]: ids.agentName,
      [ATTR_GEN_AI_AGENT_CALL_ID]: ids.runId,
      [ATTR_GEN_AI_CONVERSATION_ID]: ids.conversationId,
      [ATTR_CONVTRACE_TURN_INDEX]: ids.turnIndex,
      ...(options.description ? { [ATTR_GEN_AI_AGENT_DESCRIPTION]: options.description } : {}),
      ...historyLinks(options.messageHistory),
    };
    setRunIdAliases(attributes);
  } catch (err) {
    // Not async (one promise fewer per run), so bad options reject rather than throw.
    return Promise.reject(err);
  }
  return withSpan(
    `${GEN_AI_OPERATION.invokeAgent} ${ids.agentName}`,
    // The link to the previous turn's run lets plain Jaeger walk a conversation turn by turn.
    { kind: SpanKind.INTERNAL, attributes, links: previousTurnLinks(options.messageHistory) },
    (span) => fn({ ...ids, span }),
    ids,
  );
}
