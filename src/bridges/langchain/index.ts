/**
 * `convtrace/langchain`: conversation ids and OTel spans for LangChain.js / LangGraph.js apps
 * (`@langchain/core` 1.x, an optional peer). Invoke through the wrapper:
 *
 * ```ts
 * const config = { configurable: { thread_id: 'thread-1' } };
 * await invokeWithConversation(graph, { messages: [new HumanMessage('Weather in Paris?')] }, config);
 * ```
 *
 * or add a `ConvtraceCallbackHandler` to `callbacks` yourself (spans and ids, but HTTP calls inside
 * the run then stay outside its trace).
 * @packageDocumentation
 */
export {
  type ConversationConfig,
  conversationIdFromConfig,
  conversationIdFromMetadata,
  METADATA_CONVERSATION_KEYS,
} from './conversation-id.ts';
export { ConvtraceCallbackHandler, type ConvtraceCallbackHandlerOptions } from './handler.ts';
export { type ConversationInvokeOptions, invokeWithConversation } from './invoke.ts';
