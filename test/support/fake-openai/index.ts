/**
 * Fake OpenAI HTTP server for tests and the demo: Responses (JSON + SSE), Chat Completions (JSON + SSE),
 * Conversations with real server-side item state, the OpenAI error envelope, scripted replies and
 * failures, and vcrpy cassette replay.
 */
export { readCassette } from './cassette.ts';
export { echoText, sampleArguments, toolCallingResponder } from './script.ts';
export { startFakeOpenAI } from './server.ts';
export type {
  CassetteInteraction,
  FakeCallMessage,
  FakeErrorSpec,
  FakeModelCall,
  FakeOpenAI,
  FakeOpenAIOptions,
  FakeReply,
  FakeResponder,
  FakeStreamError,
  FakeToolCall,
  FakeToolSpec,
  FakeUsage,
  JsonObject,
  JsonValue,
  RecordedRequest,
} from './types.ts';
