import { type Attributes, context, SpanKind, trace } from '@opentelemetry/api';
import { withRunBaggage } from '../conversation/baggage.ts';
import {
  ATTR_CONVTRACE_TURN_INDEX,
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
} from '../conversation/keys.ts';
import { type AgentRunOptions, historyLinks, prepareRun } from '../conversation/prepare.ts';
import { previousTurnLinks } from '../conversation/turns.ts';
import {
  ATTR_GEN_AI_AGENT_DESCRIPTION,
  ATTR_GEN_AI_OPERATION_NAME,
  GEN_AI_OPERATION,
  TRACER_NAME,
} from '../semconv/attributes.ts';
import { recordSpanError } from '../semconv/span-error.ts';
import type { RunContext } from './context.ts';

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
    [ATTR_CONVTRACE_TURN_INDEX]: ids.turnIndex,
    ...(options.description ? { [ATTR_GEN_AI_AGENT_DESCRIPTION]: options.description } : {}),
    ...historyLinks(options.messageHistory),
  };
  const tracer = trace.getTracer(TRACER_NAME);
  const parent = context.active();
  const span = tracer.startSpan(
    `${GEN_AI_OPERATION.invokeAgent} ${ids.agentName}`,
    // The link to the previous turn's run lets plain Jaeger walk a conversation turn by turn.
    { kind: SpanKind.INTERNAL, attributes, links: previousTurnLinks(options.messageHistory) },
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
