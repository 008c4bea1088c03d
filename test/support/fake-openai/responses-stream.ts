/**
 * SSE rendering of one Responses API call, in the live event order:
 * created → in_progress → per item (added → parts/deltas → done) → completed | incomplete,
 * or `error` + `response.failed` / a cut socket / a hang for scripted failures.
 */
import { untilAborted } from './http.ts';
import { alnum } from './ids.ts';
import { buildResponse, buildUsage, inProgressItem, type ResponseFrame } from './response-object.ts';
import { type ResolvedReply, splitArguments, splitDeltas } from './script.ts';
import type { SseWriter } from './sse.ts';
import type { JsonObject } from './types.ts';

/** How a stream ended. */
export type StreamOutcome =
  | { kind: 'completed' | 'incomplete'; response: JsonObject }
  | { kind: 'failed' | 'cut' | 'aborted' };

/** Settings of one streamed response. */
export interface ResponseStreamPlan {
  frame: ResponseFrame;
  resolved: ResolvedReply;
  output: JsonObject[];
  obfuscate: boolean;
  signal: AbortSignal;
  /** Called with the final response right before the terminal event is written. */
  commit: (response: JsonObject) => void;
}

class Interrupted extends Error {
  readonly outcome: StreamOutcome;
  constructor(outcome: StreamOutcome) {
    super(outcome.kind);
    this.outcome = outcome;
  }
}

/** Streams one response; never throws (client disconnects become `aborted`). */
export async function streamResponse(sse: SseWriter, plan: ResponseStreamPlan): Promise<StreamOutcome> {
  const { frame, resolved, output, obfuscate, signal, commit } = plan;
  const reply = resolved.reply;
  const model = reply.model;
  let seq = 0;
  let deltas = 0;
  const send = (type: string, fields: JsonObject) =>
    sse.event(type, { type, sequence_number: seq++, ...fields });
  const obf = (delta: string): JsonObject =>
    obfuscate ? { obfuscation: alnum(Math.max(1, 16 - delta.length)) } : {};
  const baseState = model === undefined ? {} : { model };

  const checkpoint = async () => {
    if (signal.aborted) throw new Interrupted({ kind: 'aborted' });
    if (reply.hangAfter !== undefined && deltas >= reply.hangAfter) {
      await untilAborted(signal);
      throw new Interrupted({ kind: 'aborted' });
    }
    if (reply.streamErrorAfter !== undefined && deltas >= reply.streamErrorAfter) {
      const spec = reply.streamError ?? {};
      if (spec.mode === 'cut') {
        sse.cut();
        throw new Interrupted({ kind: 'cut' });
      }
      const code = spec.code ?? 'server_error';
      const message =
        spec.message ?? 'The server had an error while processing your request. Sorry about that!';
      await send('error', { error: { type: spec.type ?? code, code, message, param: null } });
      const failed = buildResponse(frame, {
        ...baseState,
        status: 'failed',
        output: [],
        usage: null,
        error: { code, message },
      });
      await send('response.failed', { response: failed });
      throw new Interrupted({ kind: 'failed' });
    }
  };
  const delta = async (type: string, fields: JsonObject, text: string) => {
    await checkpoint();
    await send(type, { ...fields, delta: text, ...obf(text) });
    deltas++;
  };

  try {
    const initial = buildResponse(frame, { ...baseState, status: 'in_progress', output: [], usage: null });
    await send('response.created', { response: initial });
    await send('response.in_progress', { response: initial });
    for (const [index, item] of output.entries()) {
      const itemId = String(item.id);
      const at = { item_id: itemId, output_index: index };
      await send('response.output_item.added', { output_index: index, item: inProgressItem(item) });
      if (item.type === 'message') {
        const text = resolved.text ?? '';
        const part = { type: 'output_text', text: '', annotations: [], logprobs: [] };
        await send('response.content_part.added', { ...at, content_index: 0, part });
        for (const piece of splitDeltas(text)) {
          await delta('response.output_text.delta', { ...at, content_index: 0, logprobs: [] }, piece);
        }
        await checkpoint();
        await send('response.output_text.done', { ...at, content_index: 0, text, logprobs: [] });
        await send('response.content_part.done', { ...at, content_index: 0, part: { ...part, text } });
      } else if (item.type === 'function_call') {
        const args = String(item.arguments);
        for (const piece of splitArguments(args)) {
          await delta('response.function_call_arguments.delta', at, piece);
        }
        await checkpoint();
        await send('response.function_call_arguments.done', {
          ...at,
          arguments: args,
          name: item.name ?? null,
        });
      } else if (item.type === 'reasoning') {
        const text = resolved.reasoning ?? '';
        const sum = { ...at, summary_index: 0 };
        await send('response.reasoning_summary_part.added', {
          ...sum,
          part: { type: 'summary_text', text: '' },
        });
        for (const piece of splitDeltas(text))
          await delta('response.reasoning_summary_text.delta', sum, piece);
        await checkpoint();
        await send('response.reasoning_summary_text.done', { ...sum, text });
        await send('response.reasoning_summary_part.done', { ...sum, part: { type: 'summary_text', text } });
      }
      await send('response.output_item.done', { output_index: index, item });
    }
    await checkpoint();
    const incomplete = reply.incomplete === true;
    const final = buildResponse(frame, {
      ...baseState,
      status: incomplete ? 'incomplete' : 'completed',
      output,
      usage: buildUsage(resolved),
      ...(incomplete ? { incompleteReason: 'max_output_tokens' } : {}),
    });
    if (signal.aborted) return { kind: 'aborted' };
    commit(final);
    await send(incomplete ? 'response.incomplete' : 'response.completed', { response: final });
    sse.end();
    return { kind: incomplete ? 'incomplete' : 'completed', response: final };
  } catch (error) {
    if (error instanceof Interrupted) {
      if (error.outcome.kind === 'failed') sse.end();
      return error.outcome;
    }
    throw error;
  }
}
