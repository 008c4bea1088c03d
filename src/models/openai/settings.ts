import type { ModelSettings } from '../model.ts';
import type { OpenAIServerStateSettings } from './server-state.ts';

/** Settings of the OpenAI models (camelCase; mapped to the wire's snake_case). */
export interface OpenAIModelSettings extends ModelSettings, OpenAIServerStateSettings {
  /** `reasoning.effort` (Responses) / `reasoning_effort` (Chat). */
  openaiReasoningEffort?: 'minimal' | 'low' | 'medium' | 'high';
  /** `service_tier`. */
  openaiServiceTier?: 'auto' | 'default' | 'flex' | 'priority';
  /** `store` (Responses). */
  openaiStore?: boolean;
  /** `parallel_tool_calls`. */
  parallelToolCalls?: boolean;
  /** `metadata`. */
  openaiMetadata?: Record<string, string>;
  /** `user` / `safety_identifier`. */
  openaiUser?: string;
}

/** Body fields common to both APIs; undefined values are dropped (unset params are omitted, not null). */
export function commonBodyFields(
  settings: OpenAIModelSettings | undefined,
  api: 'responses' | 'chat',
): Record<string, unknown> {
  const s = settings ?? {};
  const out: Record<string, unknown> = {
    temperature: s.temperature,
    top_p: s.topP,
    seed: api === 'chat' ? s.seed : undefined,
    service_tier: s.openaiServiceTier,
    parallel_tool_calls: s.parallelToolCalls,
    metadata: s.openaiMetadata,
    user: s.openaiUser,
  };
  if (api === 'responses') {
    out.max_output_tokens = s.maxTokens;
    out.store = s.openaiStore;
    if (s.openaiReasoningEffort) out.reasoning = { effort: s.openaiReasoningEffort };
  } else {
    out.max_completion_tokens = s.maxTokens;
    out.reasoning_effort = s.openaiReasoningEffort;
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
