import {
  convertToModelMessages,
  type LanguageModel,
  registerTelemetry,
  streamText,
  type UIMessage,
} from 'ai';
import { ConvtraceTelemetry, chatRun } from 'convtrace/ai-sdk';

// Once at startup: every generateText / streamText / agent call becomes a convtrace run.
registerTelemetry(new ConvtraceTelemetry());

/** The `useChat` route (`POST /api/chat`): every turn of one chat shares one conversation id. */
export function chatRoute(model: LanguageModel) {
  return async (request: Request): Promise<Response> => {
    const { id, messages } = (await request.json()) as { id: string; messages: UIMessage[] };
    return chatRun({ chatId: id, messages, agentName: 'support' }, async (run) => {
      const result = streamText({ model, messages: await convertToModelMessages(messages) });
      // Writes the ids on the assistant message, so they are saved with the chat.
      return result.toUIMessageStreamResponse({
        originalMessages: messages,
        messageMetadata: run.messageMetadata,
      });
    });
  };
}
