/**
 * AI SDK mock models (the real `ai/test` MockLanguageModelV4) that call one tool on the first step
 * and answer in text once the tool result is in the prompt — for `generateText` and `streamText`.
 */
import { convertArrayToReadableStream, MockLanguageModelV4 } from 'ai/test';

type LanguageModelV4CallOptions = Parameters<MockLanguageModelV4['doGenerate']>[0];
type StreamPart =
  Awaited<ReturnType<MockLanguageModelV4['doStream']>>['stream'] extends ReadableStream<infer P> ? P : never;

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

function hasToolResult(options: LanguageModelV4CallOptions): boolean {
  return options.prompt.some((m) => m.role === 'tool');
}

/** A model that calls `toolName` with `input` first (when given), then says `text`. */
export function mockModel(text: string, tool?: { toolName: string; input: unknown }): MockLanguageModelV4 {
  const callTool = (o: LanguageModelV4CallOptions) => tool !== undefined && !hasToolResult(o);
  return new MockLanguageModelV4({
    modelId: 'mock-weather',
    doGenerate: async (o) =>
      callTool(o)
        ? {
            content: [
              {
                type: 'tool-call',
                toolCallId: `call-${o.prompt.length}`,
                toolName: tool!.toolName,
                input: JSON.stringify(tool!.input),
              },
            ],
            finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
            usage,
            warnings: [],
          }
        : {
            content: [{ type: 'text', text }],
            finishReason: { unified: 'stop', raw: 'stop' },
            usage,
            warnings: [],
          },
    doStream: async (o) => ({
      stream: convertArrayToReadableStream<StreamPart>(
        callTool(o)
          ? [
              { type: 'stream-start', warnings: [] },
              {
                type: 'tool-call',
                toolCallId: `call-${o.prompt.length}`,
                toolName: tool!.toolName,
                input: JSON.stringify(tool!.input),
              },
              { type: 'finish', usage, finishReason: { unified: 'tool-calls', raw: 'tool_calls' } },
            ]
          : [
              { type: 'stream-start', warnings: [] },
              { type: 'text-start', id: 't1' },
              { type: 'text-delta', id: 't1', delta: text },
              { type: 'text-end', id: 't1' },
              { type: 'finish', usage, finishReason: { unified: 'stop', raw: 'stop' } },
            ],
      ),
    }),
  });
}
