import type { ModelMessage, RequestUsage } from '../messages/types.ts';

/** The outcome of `agent.run`. */
export class RunResult {
  /** The model's final text. */
  readonly output: string;
  /** This run's id (`gen_ai.agent.call.id`). */
  readonly runId: string;
  /** The conversation id (`gen_ai.conversation.id`); persist it with the history. */
  readonly conversationId: string;
  /** Summed usage of every model call of the run. */
  readonly usage: RequestUsage;
  private readonly messages: readonly ModelMessage[];
  private readonly newIndex: number;

  /** @internal */
  constructor(init: {
    output: string;
    runId: string;
    conversationId: string;
    usage: RequestUsage;
    messages: readonly ModelMessage[];
    newMessageIndex: number;
  }) {
    this.output = init.output;
    this.runId = init.runId;
    this.conversationId = init.conversationId;
    this.usage = init.usage;
    this.messages = init.messages;
    this.newIndex = init.newMessageIndex;
  }

  /** The history passed in plus everything this run produced — pass it to the next run. */
  allMessages(): ModelMessage[] {
    return [...this.messages];
  }

  /** Only the messages this run produced. */
  newMessages(): ModelMessage[] {
    return this.messages.slice(this.newIndex);
  }

  /** {@link allMessages} as JSON (pydantic-ai compatible). */
  allMessagesJson(): string {
    return JSON.stringify(this.messages);
  }
}
