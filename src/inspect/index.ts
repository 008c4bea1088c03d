/**
 * The inspector: conversations as one timeline, on Jaeger or on the built-in OTLP receiver.
 * Public entry points re-exported for `src/index.ts` and the demo.
 */
export { type ConversationSummary, filterSummaries, summarizeConversations } from './conversation-list.ts';
export {
  assembleConversation,
  type Conversation,
  type ForkChild,
  type ForkRef,
  type SpanNode,
  type Turn,
} from './conversation-model.ts';
export { OtlpDecodeError, SpanSourceError } from './errors.ts';
export {
  DEFAULT_DATA_DIR,
  DEFAULT_RECEIVER_PORT,
  DEFAULT_WEB_PORT,
  type Inspector,
  type InspectorOptions,
  startInspector,
} from './inspector.ts';
export { JaegerSource, type JaegerSourceOptions } from './jaeger-source.ts';
export { spansFromOtlpJson } from './otlp-json.ts';
export { spansFromOtlpProtobuf } from './otlp-proto.ts';
export { type OtlpReceiver, type OtlpReceiverOptions, startOtlpReceiver } from './otlp-receiver.ts';
export type { SpanSource } from './source.ts';
export type { AttributeValue, SpanRecord } from './span-record.ts';
export { SpanStore, type SpanStoreOptions } from './store.ts';
export { StoreSource } from './store-source.ts';
export { renderConversationListText, renderConversationText, type TextRenderOptions } from './text-render.ts';
export { startWebServer, type WebServer, type WebServerOptions } from './web-server.ts';
