/**
 * `convtrace/openai-agents`: conversation ids and OTel spans for OpenAI Agents SDK (`@openai/agents`,
 * an optional peer) apps. Register the processor once, start runs through the wrapper:
 *
 * ```ts
 * addTraceProcessor(new ConvtraceTracingProcessor());
 * const first = await runWithConversation(agent, 'Weather in Paris?');
 * const second = await runWithConversation(agent, [...first.history, user('And tomorrow?')]);
 * ```
 * @packageDocumentation
 */

export {
  ATTR_OPENAI_AGENTS_GUARDRAIL_TRIGGERED,
  ATTR_OPENAI_AGENTS_HANDOFF_FROM,
  ATTR_OPENAI_AGENTS_HANDOFF_TO,
  ATTR_OPENAI_AGENTS_SPAN_ID,
  ATTR_OPENAI_AGENTS_SPAN_TYPE,
  ATTR_OPENAI_AGENTS_TRACE_ID,
  ATTR_OPENAI_AGENTS_TURN,
} from './keys.ts';
export {
  ConvtraceTracingProcessor,
  type ConvtraceTracingProcessorOptions,
} from './processor.ts';
export { type ConversationRunOptions, runWithConversation } from './run.ts';
