/**
 * The inspector: conversations as one timeline, on Jaeger or on the built-in OTLP receiver.
 * Public entry points re-exported for `src/index.ts` and the demo.
 */

export { AccessTokenRequiredError } from '../http/access.ts';
export { RequestErrorLog, type RequestErrorLogOptions } from '../http/error-log.ts';
export { OtlpDecodeError, RequestLimitError } from './ingest/errors.ts';
export { spansFromOtlpJson } from './ingest/otlp-json.ts';
export { spansFromOtlpProtobuf } from './ingest/otlp-proto.ts';
export {
  createOtlpHandler,
  type DiscardedExports,
  type OtlpHandler,
  type OtlpReceiver,
  type OtlpReceiverOptions,
  type RequestLimits,
  startOtlpReceiver,
} from './ingest/otlp-receiver.ts';
export {
  DEFAULT_DATA_DIR,
  DEFAULT_RECEIVER_PORT,
  DEFAULT_WEB_PORT,
  type Inspector,
  type InspectorOptions,
  startInspector,
} from './inspector.ts';
export {
  type ConversationSummary,
  filterSummaries,
  summarizeConversations,
} from './model/conversation-list.ts';
export {
  assembleConversation,
  type Conversation,
  type ForkChild,
  type ForkRef,
  type SpanNode,
  type Turn,
} from './model/conversation-model.ts';
export type { AttributeValue, SpanRecord } from './model/span-record.ts';
export {
  renderConversationListText,
  renderConversationText,
  type TextRenderOptions,
} from './render/text-render.ts';
export {
  createPageHandler,
  startWebServer,
  type WebServer,
  type WebServerOptions,
} from './server/web-server.ts';
export { SpanSourceError } from './sources/errors.ts';
export { JaegerSource, type JaegerSourceOptions } from './sources/jaeger-source.ts';
export type { ConversationSpans, ListPage, ListQuery, SpanSource } from './sources/source.ts';
export { StoreSource } from './sources/store-source.ts';
export { BatchTooLargeError, StoreError } from './store/errors.ts';
export {
  type RetentionOptions,
  type RetentionResult,
  SpanStore,
  type SpanStoreOptions,
  STORE_FILE,
} from './store/store.ts';
