/**
 * `convtrace/semconv`: the OpenTelemetry GenAI semantic conventions as convtrace writes them —
 * attribute keys, the message JSON of `gen_ai.input.messages` / `gen_ai.output.messages`, content
 * capture and its size cap.
 * @packageDocumentation
 */
export * from './attributes.ts';
export {
  CAPTURE_CONTENT_ENV,
  contentAttribute,
  MAX_CONTENT_ATTRIBUTE_LENGTH,
  shouldCaptureContent,
} from './content.ts';
// One casing, `GenAI`: the names inside messages.ts are renamed with the semconv layer's rework.
export {
  type GenAiMessage as GenAIMessage,
  type GenAiPart as GenAIPart,
  toGenAiMessages as toGenAIMessages,
} from './messages.ts';
export { recordSpanError } from './span-error.ts';
