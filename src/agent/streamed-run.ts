import type { ModelMessage } from '../messages/types.ts';
import type { Channel } from './channel.ts';
import type { AgentEvent } from './events.ts';
import type { RunResult } from './result.ts';

/**
 * A streaming run (`agent.runStream`). The ids are readable at once, before any output. Iterate it
 * for text deltas, or `events()` for everything (one consumer in all: both read the same queue).
 * Leaving the iteration early (`break`) cancels the run, so its spans end.
 */
export class StreamedRun implements AsyncIterable<string> {
  /** This run's id, known before the first delta. */
  readonly runId: string;
  /** The conversation id, known before the first delta. */
  readonly conversationId: string;
  /** Resolves with the full result once the run ends; rejects if it fails or is cancelled. */
  readonly result: Promise<RunResult>;
  /** Resolves with the final text. */
  readonly output: Promise<string>;
  private readonly channel: Channel<AgentEvent>;
  private readonly cancel: (reason?: unknown) => void;
  private finished: RunResult | undefined;

  /** @internal */
  constructor(init: {
    runId: string;
    conversationId: string;
    channel: Channel<AgentEvent>;
    result: Promise<RunResult>;
    cancel: (reason?: unknown) => void;
  }) {
    this.runId = init.runId;
    this.conversationId = init.conversationId;
    this.channel = init.channel;
    this.cancel = init.cancel;
    this.result = init.result.then((r) => {
      this.finished = r;
      return r;
    });
    this.output = this.result.then((r) => r.output);
    // Nobody may await these; an unobserved rejection must not crash the process.
    this.result.catch(() => {});
    this.output.catch(() => {});
  }

  /** Every {@link AgentEvent} of the run, in order. */
  events(): AsyncIterable<AgentEvent> {
    return { [Symbol.asyncIterator]: () => this.iterator((e) => e) };
  }

  /** Text deltas of the model's answers. */
  [Symbol.asyncIterator](): AsyncIterator<string> {
    return this.iterator((e) => (e.type === 'text-delta' ? e.delta : undefined));
  }

  /** Cancels the run (its spans end with an error status). */
  abort(reason?: unknown): void {
    this.cancel(reason);
  }

  /** The whole history once the run has finished. */
  allMessages(): ModelMessage[] {
    return this.requireFinished().allMessages();
  }

  /** This run's messages once it has finished. */
  newMessages(): ModelMessage[] {
    return this.requireFinished().newMessages();
  }

  private requireFinished(): RunResult {
    if (!this.finished) throw new Error('the streamed run has not finished yet; await `result` first');
    return this.finished;
  }

  private iterator<T>(map: (e: AgentEvent) => T | undefined): AsyncIterator<T> {
    return {
      next: async () => {
        for (;;) {
          const r = await this.channel.next();
          if (r.done) return { value: undefined, done: true };
          const v = map(r.value);
          if (v !== undefined) return { value: v, done: false };
        }
      },
      return: async () => {
        if (!this.finished) this.cancel(new DOMException('stream consumer stopped reading', 'AbortError'));
        return { value: undefined, done: true };
      },
    };
  }
}
