import { context } from '@opentelemetry/api';
import { withRunBaggage } from '../../conversation/baggage.ts';
import { type PreparedRun, prepareRun } from '../../conversation/prepare.ts';
import { InvalidArgumentError } from '../../errors.ts';
import { withHistoryLinks } from './history.ts';
import { type ConvtraceMessageMetadata, idsFromMetadata, MESSAGE_METADATA_KEY } from './metadata.ts';

/** Options of {@link chatRun}. */
export interface ChatRunOptions {
  /** Explicit conversation id (wins over everything), or `'new'` to fork. */
  conversationId?: string | null;
  /** The chat id `useChat` sends (`id` in the request body): the conversation id unless explicit. */
  chatId?: string | null;
  /**
   * The chat's `UIMessage`s as received. Without an explicit id or a chat id, the conversation id is
   * the newest one convtrace wrote on their metadata (so a chat reloaded under a new id continues).
   */
  messages?: readonly unknown[] | null;
  /** `gen_ai.agent.name`; default `'agent'`. */
  agentName?: string;
}

/** What {@link chatRun} hands to its callback: the turn's ids and metadata carrying them. */
export interface ChatRun extends Readonly<PreparedRun> {
  /** `{ convtrace: { conversationId, runId } }`, to merge into your own message metadata. */
  readonly metadata: ConvtraceMessageMetadata;
  /**
   * Pass as `messageMetadata` to `toUIMessageStreamResponse` / `toUIMessageStream`: writes
   * {@link metadata} on the streamed assistant message (at its `start` part), so the ids are
   * persisted with the chat.
   */
  readonly messageMetadata: (options: { part: { type: string } }) => ConvtraceMessageMetadata | undefined;
}

/**
 * Runs one chat turn (typically the body of a `useChat` route handler) as one convtrace run: mints
 * the run id, resolves the conversation id — `conversationId`, else `chatId`, else the newest id on
 * the `messages`' metadata, else fresh — and runs `fn` with the three ids in W3C baggage. Every AI
 * SDK call `fn` starts (with {@link ConvtraceTelemetry} registered) belongs to this run, including
 * the parts of a `streamText` that run after `fn` returned its `Response`; spans and HTTP calls made
 * in `fn` carry the ids. The run id found on the messages is recorded on the call's `invoke_agent`
 * span as `convtrace.history.run_id` (the turn this one continues). Returns what `fn` returns.
 *
 * Throws {@link InvalidArgumentError} naming the field for a bad id, agent name or `messages`.
 */
export function chatRun<T>(options: ChatRunOptions, fn: (run: ChatRun) => T): T {
  const { chatId, messages } = options;
  if (chatId !== undefined && chatId !== null && typeof chatId !== 'string') {
    throw new InvalidArgumentError('chatId', `expected a string, got ${typeof chatId}`);
  }
  if (messages !== undefined && messages !== null && !Array.isArray(messages)) {
    throw new InvalidArgumentError('messages', 'expected an array of AI SDK UIMessages');
  }
  const onMessages = idsFromMetadata(messages ?? []);
  const candidate = options.conversationId ?? chatId ?? onMessages.conversationId;
  let ids: PreparedRun;
  try {
    ids = prepareRun({
      agentName: options.agentName ?? 'agent',
      conversationId: candidate ?? null,
    });
  } catch (err) {
    // Name the option the bad id came from, not prepareRun's own.
    if (err instanceof InvalidArgumentError && err.field === 'conversationId') {
      const field =
        options.conversationId != null ? 'conversationId' : chatId != null ? 'chatId' : 'messages';
      throw new InvalidArgumentError(field, err.message.replace(/^invalid conversationId: /, ''));
    }
    throw err;
  }
  const metadata: ConvtraceMessageMetadata = {
    [MESSAGE_METADATA_KEY]: { conversationId: ids.conversationId, runId: ids.runId },
  };
  const run: ChatRun = {
    ...ids,
    metadata,
    messageMetadata: ({ part }) => (part.type === 'start' ? metadata : undefined),
  };
  const ctx = withHistoryLinks(withRunBaggage(context.active(), ids), onMessages);
  return context.with(ctx, () => fn(run));
}
