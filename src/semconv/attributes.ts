/**
 * The incubating (development-stability) attribute keys convtrace reads and writes, as our own
 * constants: `@opentelemetry/semantic-conventions` exports these only from its `/incubating` entry,
 * which may break in any minor release and is not to be imported at runtime (the contrib OpenAI
 * instrumentation's `semconv.ts` does the same). Stable keys (`error.type`, `server.address`,
 * `server.port`) are imported from `@opentelemetry/semantic-conventions` itself where used. One
 * place, so the runtime, the OpenAI instrumentation and the inspector agree on spelling; the run
 * identity keys live in `conversation/keys.ts`.
 */

/** The agent's description. */
export const ATTR_GEN_AI_AGENT_DESCRIPTION = 'gen_ai.agent.description';
/** `chat`, `invoke_agent`, `execute_tool`, ... */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** `openai`, ... (replaces the deprecated `gen_ai.system`). */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** Model named in the request. */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** Sampling temperature. */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
/** Nucleus sampling. */
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
/** Output token cap. */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
/** Seed. */
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
/** Whether the request streamed. */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';
/** Stop sequences. */
export const ATTR_GEN_AI_REQUEST_STOP_SEQUENCES = 'gen_ai.request.stop_sequences';
/** Frequency penalty. */
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
/** Presence penalty. */
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
/** Number of choices requested (set only when != 1). */
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
/** Reasoning effort. */
export const ATTR_GEN_AI_REQUEST_REASONING_LEVEL = 'gen_ai.request.reasoning.level';
/** The previous response a Responses request chains on (`previous_response_id`). */
export const ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID = 'gen_ai.request.previous_response.id';
/** Provider response id. */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
/** Model that answered. */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
/** Finish reasons (string array). */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Seconds to the first streamed chunk. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';
/** Output type requested (`text`, `json`, ...). */
export const ATTR_GEN_AI_OUTPUT_TYPE = 'gen_ai.output.type';
/** Input tokens. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** Output tokens. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** Cached input tokens read. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/** Cached input tokens written (the default key; see {@link ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS}). */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
/** Cached input tokens written, as the latest experimental conventions name it (genai#440). */
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
/** Reasoning output tokens. */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
/** Opt-in content: input messages as a JSON string. */
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
/** Opt-in content: output messages as a JSON string. */
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';
/** Opt-in content: system instructions as a JSON string. */
export const ATTR_GEN_AI_SYSTEM_INSTRUCTIONS = 'gen_ai.system_instructions';
/** Opt-in: tool definitions as a JSON string. */
export const ATTR_GEN_AI_TOOL_DEFINITIONS = 'gen_ai.tool.definitions';
/** Tool name on `execute_tool` spans. */
export const ATTR_GEN_AI_TOOL_NAME = 'gen_ai.tool.name';
/** Tool call id. */
export const ATTR_GEN_AI_TOOL_CALL_ID = 'gen_ai.tool.call.id';
/** Tool description. */
export const ATTR_GEN_AI_TOOL_DESCRIPTION = 'gen_ai.tool.description';
/** Tool type (`function`). */
export const ATTR_GEN_AI_TOOL_TYPE = 'gen_ai.tool.type';
/** Opt-in: tool arguments (JSON string). */
export const ATTR_GEN_AI_TOOL_CALL_ARGUMENTS = 'gen_ai.tool.call.arguments';
/** Opt-in: tool result (JSON string). */
export const ATTR_GEN_AI_TOOL_CALL_RESULT = 'gen_ai.tool.call.result';
/** Metric attribute: `input` | `output`. */
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
/** Metric attribute of the latest token counters: `text` | `image` | `audio` | `unknown`. */
export const ATTR_GEN_AI_TOKEN_MODALITY = 'gen_ai.token.modality';
/**
 * The run id under its proposed semconv key (semantic-conventions-genai PR #250, open), written next
 * to `gen_ai.agent.call.id` under the latest experimental opt-in only (see `stability.ts`).
 */
export const ATTR_GEN_AI_AGENT_INVOCATION_ID = 'gen_ai.agent.invocation.id';
/** OpenAI-specific: `responses` | `chat_completions`. */
export const ATTR_OPENAI_API_TYPE = 'openai.api.type';
/** OpenAI-specific: the server-side `conv_…` id. Never `gen_ai.conversation.id`. */
export const ATTR_OPENAI_CONVERSATION_ID = 'openai.conversation.id';
/** OpenAI-specific: requested service tier. */
export const ATTR_OPENAI_REQUEST_SERVICE_TIER = 'openai.request.service_tier';
/** OpenAI-specific: service tier that served the response. */
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier';
/** OpenAI-specific: system fingerprint. */
export const ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT = 'openai.response.system_fingerprint';
/** AG-UI's own `runId` (protocol run id; not our run id). */
export const ATTR_AG_UI_RUN_ID = 'ag_ui.run_id';
/** AG-UI's `threadId`. */
export const ATTR_AG_UI_THREAD_ID = 'ag_ui.thread_id';
/** Operation names used in span names and `gen_ai.operation.name`. */
export const GEN_AI_OPERATION = {
  chat: 'chat',
  invokeAgent: 'invoke_agent',
  executeTool: 'execute_tool',
} as const;

/** Name of the instrumentation scope convtrace's own spans use. */
export const TRACER_NAME = 'convtrace';
