/**
 * convtrace: multi-turn LLM agent conversations, visible in OpenTelemetry.
 *
 * Every agent run gets a run id (`gen_ai.agent.call.id`) and a conversation id
 * (`gen_ai.conversation.id`) shared by all runs that build on the same history; both are stamped on
 * every message and ride in W3C baggage so every span — here and downstream — carries them.
 * @packageDocumentation
 */

export { Agent, type AgentOptions, type RunOptions } from './agent/agent.ts';
export type { AgentEvent } from './agent/events.ts';
export { RunResult } from './agent/result.ts';
export { StreamedRun } from './agent/streamed-run.ts';
export {
  ModelRetry,
  type Tool,
  type ToolContext,
  type ToolOptions,
  tool,
  toolDefinition,
} from './agent/tool.ts';
export { NEW_CONVERSATION } from './conversation/ids.ts';
export type { AgentRunOptions } from './conversation/prepare.ts';
export {
  ConvtraceError,
  InvalidArgumentError,
  MessageValidationError,
  UnexpectedModelBehaviorError,
  UsageLimitExceededError,
  UserError,
} from './errors.ts';
export * from './messages/index.ts';
export {
  type Model,
  type ModelRequestParameters,
  type ModelSettings,
  type ModelStreamEvent,
  streamFromResponse,
  type ToolDefinition,
} from './models/model.ts';
export * from './models/openai/index.ts';
export type { DeliveryOptions, DeliveryStats } from './otel/delivery/durable-exporter.ts';
export type { SetupTracingOptions, TracingHandle } from './otel/options.ts';
export { agentRun } from './run/agent-run.ts';
export type { RunContext } from './run/context.ts';
export { setupTracing } from './tracing/setup.ts';
