import { type BaseEvent, HttpAgent } from '@ag-ui/client';
import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';

/** Runs one AG-UI turn with the real `HttpAgent`; returns the events and any `[ag-ui]` warnings. */
export async function agUiTurn(
  client: HttpAgent,
  content: string,
): Promise<{ events: BaseEvent[]; warnings: string[] }> {
  client.addMessage({ id: `u${client.messages.length}`, role: 'user', content });
  const events: BaseEvent[] = [];
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    if (String(args[0]).includes('[ag-ui]')) warnings.push(String(args[0]));
    else original(...args);
  };
  try {
    await client.runAgent({}, { onEvent: ({ event }) => void events.push(event) });
  } finally {
    console.warn = original;
  }
  return { events, warnings };
}

/** A fresh AG-UI client for `url` on `threadId`. */
export function agUiClient(url: string, threadId: string): HttpAgent {
  return new HttpAgent({ url, threadId });
}

/** Sends one chat turn through the AI SDK's `DefaultChatTransport`; returns the assistant message. */
export async function chatTurn(api: string, chatId: string, messages: UIMessage[]): Promise<UIMessage> {
  const transport = new DefaultChatTransport<UIMessage>({ api });
  const stream = await transport.sendMessages({
    trigger: 'submit-message',
    chatId,
    messageId: undefined,
    messages,
    abortSignal: undefined,
  });
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream<UIMessage>({
    stream,
    onError: (e) => {
      throw e;
    },
  })) {
    last = message;
  }
  if (!last) throw new Error('no assistant message was streamed');
  return last;
}

/** A user `UIMessage` with one text part. */
export function userMessage(id: string, text: string): UIMessage {
  return { id, role: 'user', parts: [{ type: 'text', text }] };
}
