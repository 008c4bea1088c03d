/**
 * `convtrace/semconv`: the OpenTelemetry GenAI semantic conventions as convtrace writes them — the
 * incubating attribute keys (stable ones such as `error.type` come from
 * `@opentelemetry/semantic-conventions`), the message JSON of `gen_ai.input.messages` /
 * `gen_ai.output.messages`, finish reasons, content capture and its one size rule, the client metric
 * names, and the `OTEL_SEMCONV_STABILITY_OPT_IN` switch between the default and the latest
 * experimental names.
 * @packageDocumentation
 */
export * from './attributes.ts';
export {
  CAPTURE_CONTENT_ENV,
  contentAttribute,
  MAX_CONTENT_ATTRIBUTE_LENGTH,
  messagesAttribute,
  partsAttribute,
  shouldCaptureContent,
  TRUNCATED_PART_TYPE,
} from './content.ts';
export { chatFinishReason, type ResponsesFinishInput, responsesFinishReason } from './finish-reasons.ts';
export {
  type GenAIGenericPart,
  type GenAIMessage,
  type GenAIPart,
  type GenAITextPart,
  type GenAIToolCallPart,
  type GenAIToolCallResponsePart,
  toGenAIMessages,
  toGenAIOutputMessages,
} from './messages.ts';
export * from './metric-names.ts';
export { recordSpanError } from './span-error.ts';
export {
  GEN_AI_LATEST_EXPERIMENTAL,
  type GenAIClientMetricsLayout,
  type GenAISemconv,
  type GenAISemconvMode,
  genAISemconv,
  genAISemconvFor,
  SEMCONV_STABILITY_OPT_IN_ENV,
  semconvModeFromEnv,
  setRunIdAliases,
} from './stability.ts';
