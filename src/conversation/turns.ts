import { isSpanContextValid, type Link, type Span, type SpanContext, TraceFlags } from '@opentelemetry/api';
import type { ModelMessage } from '../messages/types.ts';
import { ATTR_CONVTRACE_LINK_TYPE } from './keys.ts';

/**
 * Key in a message's `metadata` (pydantic-ai's free-form `metadata` dict, kept by JSON and by
 * pydantic-ai's `ModelMessagesTypeAdapter`) under which a run records where its `invoke_agent` span
 * lives: `{"traceparent": "00-<trace id>-<span id>-<flags>", "index": <turn>}` (W3C traceparent
 * format). The next run on the history links its own `invoke_agent` span to it.
 */
export const TURN_METADATA_KEY = 'convtrace_turn';

/** What {@link TURN_METADATA_KEY} holds. */
export interface TurnMetadata {
  /** W3C `traceparent` of the run's `invoke_agent` span. */
  traceparent: string;
  /** The run's turn index ({@link turnIndexOf}). */
  index: number;
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** A run's turn number: the distinct run ids on its history + 1. */
export function turnIndexOf(history: readonly ModelMessage[] | null | undefined): number {
  if (!history || history.length === 0) return 1;
  const runs = new Set<string>();
  for (const m of history) if (m?.run_id) runs.add(m.run_id);
  return runs.size + 1;
}

/** The metadata a run stamps on its messages, or undefined when its span has no valid context. */
export function turnMetadataOf(span: Span, index: number): TurnMetadata | undefined {
  const sc = span.spanContext();
  if (!isSpanContextValid(sc)) return undefined;
  const flags = (sc.traceFlags & 0xff).toString(16).padStart(2, '0');
  return { traceparent: `00-${sc.traceId}-${sc.spanId}-${flags}`, index };
}

/** Adds the turn metadata to a message the run produced, keeping any the message already has. */
export function stampTurn<M extends ModelMessage>(message: M, turn: TurnMetadata | undefined): M {
  if (!turn) return message;
  const metadata = message.metadata;
  if (metadata && typeof metadata === 'object' && TURN_METADATA_KEY in metadata) return message;
  message.metadata = {
    ...(metadata && typeof metadata === 'object' ? metadata : {}),
    [TURN_METADATA_KEY]: turn,
  };
  return message;
}

/** The previous turn's `invoke_agent` span context, from the newest history message that recorded one. */
export function previousTurnOf(history: readonly ModelMessage[] | null | undefined): SpanContext | undefined {
  if (!history) return undefined;
  for (let i = history.length - 1; i >= 0; i--) {
    const metadata = history[i]?.metadata;
    if (!metadata || typeof metadata !== 'object') continue;
    const turn = (metadata as Record<string, unknown>)[TURN_METADATA_KEY];
    const traceparent = (turn as { traceparent?: unknown } | null | undefined)?.traceparent;
    if (typeof traceparent !== 'string') continue;
    const m = TRACEPARENT.exec(traceparent);
    if (!m) continue;
    const sc: SpanContext = {
      traceId: m[1]!,
      spanId: m[2]!,
      traceFlags: Number.parseInt(m[3]!, 16) & TraceFlags.SAMPLED,
      isRemote: true,
    };
    if (isSpanContextValid(sc)) return sc;
  }
  return undefined;
}

/** The span link from a run to the previous turn's run, if the history recorded one. */
export function previousTurnLinks(history: readonly ModelMessage[] | null | undefined): Link[] | undefined {
  const context = previousTurnOf(history);
  return context ? [{ context, attributes: { [ATTR_CONVTRACE_LINK_TYPE]: 'previous_turn' } }] : undefined;
}
