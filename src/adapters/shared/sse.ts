import type { AgentEvent } from '../../agent/events.ts';
import type { RunResult } from '../../agent/result.ts';
import type { StreamedRun } from '../../agent/streamed-run.ts';

/**
 * Turns a run's {@link AgentEvent}s into one protocol's stream chunks (each chunk is sent as one
 * `data: <json>` server-sent event).
 */
export interface ProtocolWriter<Chunk> {
  /** Chunks sent before the run starts. */
  open(): Chunk[];
  /** Chunks for one agent event. */
  event(event: AgentEvent): Chunk[];
  /** Chunks that end a successful run. */
  finish(result: RunResult): Chunk[];
  /** Chunks that end a failed run; nothing is sent after them except the trailer. */
  fail(error: unknown): Chunk[];
}

/** Options of {@link runEventStream}. */
export interface RunEventStreamOptions<Chunk> {
  /** Starts the run (may throw: the failure then goes to `writer.fail`). */
  startRun: (signal: AbortSignal) => StreamedRun;
  writer: ProtocolWriter<Chunk>;
  /** Aborting it (the client went away) cancels the run. */
  signal?: AbortSignal;
  /** A raw frame written last, e.g. `data: [DONE]\n\n`. */
  trailer?: string;
}

const encoder = new TextEncoder();

/** The error text sent to a client by default: the error's own message. */
export function defaultErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** One server-sent event carrying `chunk` as JSON. */
export function sseFrame(chunk: unknown): string {
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/**
 * Runs an agent and streams its events as SSE, pulled at the reader's pace. Errors inside the run
 * become the protocol's error chunks (the stream itself always ends cleanly). Cancelling the stream
 * or aborting `signal` cancels the run, so its spans end.
 */
export function runEventStream<Chunk>(options: RunEventStreamOptions<Chunk>): ReadableStream<Uint8Array> {
  const { writer, signal } = options;
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });

  let run: StreamedRun | undefined;
  let events: AsyncIterator<AgentEvent> | undefined;
  let closed = false;

  const finish = (c: ReadableStreamDefaultController<Uint8Array>, chunks: Chunk[]): void => {
    send(c, chunks);
    if (options.trailer) c.enqueue(encoder.encode(options.trailer));
    closed = true;
    signal?.removeEventListener('abort', onAbort);
    c.close();
  };
  const send = (c: ReadableStreamDefaultController<Uint8Array>, chunks: Chunk[]): boolean => {
    if (chunks.length === 0) return false;
    c.enqueue(encoder.encode(chunks.map(sseFrame).join('')));
    return true;
  };

  return new ReadableStream<Uint8Array>(
    {
      // A pull must enqueue (or close) before it resolves, or the stream stalls: loop over events
      // that map to no chunks.
      async pull(c) {
        try {
          if (!events) {
            send(c, writer.open());
            run = options.startRun(abort.signal);
            events = run.events()[Symbol.asyncIterator]();
            return;
          }
          while (!closed) {
            const next = await events.next();
            if (closed) return;
            if (next.done) {
              finish(c, writer.finish(await (run as StreamedRun).result));
              return;
            }
            if (send(c, writer.event(next.value))) return;
          }
        } catch (err) {
          if (!closed) finish(c, writer.fail(err));
        }
      },
      cancel(reason) {
        closed = true;
        signal?.removeEventListener('abort', onAbort);
        abort.abort(reason);
        run?.abort(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
