import { v7 as uuidv7 } from 'uuid';
import { RequestError } from '../../errors.ts';
import type { ModelMessage } from '../../messages/types.ts';
import { planPostRequest, zodRequestError } from '../shared/http.ts';
import {
  combinedSignal,
  SSE_HEADERS,
  type StreamingAgent,
  type UiRequestOptions,
} from '../shared/options.ts';
import { runEventStream } from '../shared/sse.ts';
import { UiMessageStreamWriter } from './chunks.ts';
import { uiToModelMessages, uiUserContent } from './messages.ts';
import { type ChatRequest, chatRequestSchema } from './schema.ts';

/** Options of {@link handleVercelAiChatRequest}. */
export interface VercelAiChatRequestOptions extends UiRequestOptions {
  /** `start.messageId` of the streamed assistant message; default a fresh UUIDv7. */
  generateMessageId?: () => string;
}

/** Response headers of the UI message stream protocol (v1). */
export const UI_MESSAGE_STREAM_HEADERS: Readonly<Record<string, string>> = {
  ...SSE_HEADERS,
  connection: 'keep-alive',
  'x-vercel-ai-ui-message-stream': 'v1',
};

/** What a validated chat request runs. */
export interface ChatRunPlan {
  request: ChatRequest;
  prompt: string | unknown[] | undefined;
  history: ModelMessage[];
}

/**
 * Validates a `useChat` request body and splits it into prompt and history: a trailing user message
 * is the prompt; a trailing assistant message whose tool calls have outputs resumes the run. For
 * `regenerate-message`, a trailing assistant message with the given `messageId` is dropped first.
 * Throws {@link RequestError} naming the bad field.
 */
export function planChatRun(body: unknown): ChatRunPlan {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) throw zodRequestError(parsed.error);
  const request = parsed.data;
  let messages = request.messages;
  const tail = messages.at(-1);
  if (
    request.trigger === 'regenerate-message' &&
    tail?.role === 'assistant' &&
    tail.id === request.messageId
  ) {
    messages = messages.slice(0, -1);
  }
  const last = messages.at(-1);
  if (!last) throw new RequestError(400, 'messages', 'must contain at least one message');
  if (last.role === 'user') {
    const index = messages.length - 1;
    const prompt = uiUserContent(last.parts as Array<{ type: string }>, ['messages', index, 'parts']);
    return { request, prompt, history: uiToModelMessages(messages.slice(0, -1)) };
  }
  const history = uiToModelMessages(messages);
  if (history.at(-1)?.kind !== 'request') {
    throw new RequestError(
      400,
      `messages[${messages.length - 1}]`,
      'the last message must be a user message, or an assistant message whose tool calls all have outputs',
    );
  }
  return { request, prompt: undefined, history };
}

/**
 * Serves one AI SDK chat turn: takes the Web-standard `Request` that `useChat`'s default transport
 * sends (`{ id, messages, trigger, messageId }`) and returns the UI message stream (v1) response —
 * `start`, per step `start-step` / `text-*` / `tool-input-*` / `tool-output-*` / `finish-step`,
 * then `finish` and `data: [DONE]`. A failed run streams `error` and `finish` (`finishReason:
 * 'error'`).
 *
 * The conversation id is `options.conversationId` if given, else the chat `id` (`'new'` forks).
 * `options.messageHistory` (server-side) is prepended to the frontend's messages. A malformed body
 * gets `400` with `{ error: { message, field } }`; a non-POST request `405`. Aborting the request
 * cancels the run.
 */
export async function handleVercelAiChatRequest(
  agent: StreamingAgent,
  request: Request,
  options: VercelAiChatRequestOptions = {},
): Promise<Response> {
  const plan = await planPostRequest(request, options.maxBodyBytes, planChatRun);
  if (plan instanceof Response) return plan;
  const history = [...(options.messageHistory ?? []), ...plan.history];
  const conversationId = options.conversationId ?? plan.request.id;
  const writer = new UiMessageStreamWriter({
    messageId: options.generateMessageId?.() ?? uuidv7(),
    ...(options.errorMessage ? { errorMessage: options.errorMessage } : {}),
  });
  const body = runEventStream({
    writer,
    signal: combinedSignal(request, options.signal),
    trailer: 'data: [DONE]\n\n',
    startRun: (signal) =>
      agent.runStream(plan.prompt, {
        messageHistory: history,
        conversationId,
        signal,
        ...(options.modelSettings ? { modelSettings: options.modelSettings } : {}),
      }),
  });
  return new Response(body, { status: 200, headers: UI_MESSAGE_STREAM_HEADERS });
}
