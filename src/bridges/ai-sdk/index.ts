/**
 * `convtrace/ai-sdk`: the Vercel AI SDK (`ai` v7) bridge. Register {@link ConvtraceTelemetry}
 * once and every `generateText` / `streamText` / agent call is a convtrace run — a run id per call,
 * the three ids on every AI SDK span and in baggage while it runs. Wrap a chat route's body in
 * {@link chatRun} so every turn of a `useChat` chat shares one conversation id (the chat id, or the
 * ids convtrace wrote on the messages' metadata). Needs the optional peers `ai` and `@ai-sdk/otel`.
 * @packageDocumentation
 */
export { type ChatRun, type ChatRunOptions, chatRun } from './chat-run.ts';
export {
  type ConvtraceMessageIds,
  type ConvtraceMessageMetadata,
  idsFromMetadata,
  MESSAGE_METADATA_KEY,
} from './metadata.ts';
export { ConvtraceTelemetry, type ConvtraceTelemetryOptions } from './telemetry.ts';
