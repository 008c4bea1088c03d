/**
 * OpenAI client instrumentation: `instrumentOpenAI(client)` for one client, `OpenAIInstrumentation`
 * for `registerInstrumentations` / NodeSDK / `convtrace/register`. One CLIENT `chat {model}` span per
 * `responses.create` / `chat.completions.create` call (and the helpers built on them); no spans for
 * `responses.retrieve` or `conversations.*` (see `instrument-client.ts` for why). `openai` is an
 * optional peer: nothing here imports it at runtime.
 */
export { instrumentOpenAI } from './instrument-client.ts';
export { OpenAIInstrumentation, type OpenAIInstrumentationConfig } from './instrumentation.ts';
export {
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  OPERATION_DURATION_BUCKETS,
  TOKEN_USAGE_BUCKETS,
} from './metrics.ts';
export { OPENAI_INSTRUMENTATION_NAME, OPENAI_INSTRUMENTATION_VERSION } from './scope.ts';
export type { OpenAIApiType, OpenAIInstrumentationOptions } from './types.ts';
export { SUPPORTED_OPENAI_RANGE } from './version.ts';
