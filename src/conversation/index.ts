/**
 * `convtrace/conversation`: run identity, in one place — resolving and minting ids, validating them,
 * stamping them on messages, carrying them in W3C baggage, and copying them from baggage onto every
 * span. Use it to wire convtrace into an SDK you own (NodeSDK's `spanProcessors`) or an agent loop
 * convtrace does not ship.
 * @packageDocumentation
 */
export {
  capBaggageValue,
  getRunBaggageAttributes,
  MAX_BAGGAGE_VALUE_LENGTH,
  type RunBaggage,
  runAttributesFromBaggage,
  withRunBaggage,
} from './baggage.ts';
export {
  type BaggagePolicy,
  BaggagePolicyPropagator,
  baggageAllowedTo,
  baggagePolicyFromEnv,
  isInternalHost,
} from './baggage-policy.ts';
export { DeferredSamplingSpanProcessor } from './deferred-sampling.ts';
export { NEW_CONVERSATION, newRunId, resolveConversationId } from './ids.ts';
export {
  ATTR_CONVTRACE_HISTORY_CONVERSATION_ID,
  ATTR_CONVTRACE_HISTORY_RUN_ID,
  ATTR_CONVTRACE_LINK_TYPE,
  ATTR_CONVTRACE_TURN_INDEX,
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  RUN_BAGGAGE_KEYS,
} from './keys.ts';
export { type AgentRunOptions, MAX_ID_LENGTH, type PreparedRun, prepareRun } from './prepare.ts';
export {
  type BackendProfile,
  ConversationProfileSpanProcessor,
  PROFILE_KEYS,
  profilesFromEnv,
} from './profiles.ts';
export {
  CONVERSATION_SAMPLER_ENV_NAME,
  ConversationSampler,
  type ConversationSamplerOptions,
  conversationSamplerFromEnv,
  isConversationSampled,
} from './sampling.ts';
export { RunBaggageSpanProcessor, type RunBaggageSpanProcessorOptions } from './span-processor.ts';
export { type MessageIds, stampIfMissing, stampOverwrite } from './stamping.ts';
export {
  previousTurnLinks,
  previousTurnOf,
  stampTurn,
  TURN_METADATA_KEY,
  type TurnMetadata,
  turnIndexOf,
  turnMetadataOf,
} from './turns.ts';
