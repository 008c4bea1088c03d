/**
 * Attributes the OpenAI Agents SDK bridge adds next to the GenAI semconv keys: where a span came
 * from in the SDK's own trace (to find it in the SDK's trace viewer) and the data of SDK span types
 * semconv has no name for (handoffs, guardrails, turns).
 */

/** The SDK's `trace_…` id of the run's trace. */
export const ATTR_OPENAI_AGENTS_TRACE_ID = 'openai_agents.trace.id';
/** The SDK's `span_…` id. */
export const ATTR_OPENAI_AGENTS_SPAN_ID = 'openai_agents.span.id';
/** The SDK span type (`task`, `agent`, `turn`, `response`, `function`, `handoff`, ...). */
export const ATTR_OPENAI_AGENTS_SPAN_TYPE = 'openai_agents.span.type';
/** Handoff source agent. */
export const ATTR_OPENAI_AGENTS_HANDOFF_FROM = 'openai_agents.handoff.from_agent';
/** Handoff target agent. */
export const ATTR_OPENAI_AGENTS_HANDOFF_TO = 'openai_agents.handoff.to_agent';
/** Whether a guardrail tripped. */
export const ATTR_OPENAI_AGENTS_GUARDRAIL_TRIGGERED = 'openai_agents.guardrail.triggered';
/** Turn number of a `turn` span. */
export const ATTR_OPENAI_AGENTS_TURN = 'openai_agents.turn';
/** `gen_ai.operation.name` of the run span (one SDK `run()`): the workflow around the agents. */
export const OPERATION_INVOKE_WORKFLOW = 'invoke_workflow';
