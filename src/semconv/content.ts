/**
 * Opt-in content capture: whether it is on, and the one size rule for every content attribute. Only
 * ever called when the user opted in, so the cost here is never on the default path.
 */
import { diag } from '@opentelemetry/api';
import type { GenAIMessage, GenAIPart } from './messages.ts';

/** Env var that opts into recording prompts and outputs on spans (GenAI instrumentation convention). */
export const CAPTURE_CONTENT_ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

/** Largest content attribute written, in characters; longer JSON is cut and marked. */
export const MAX_CONTENT_ATTRIBUTE_LENGTH = 64 * 1024;

/** `type` of the part that marks what a capped content attribute left out. */
export const TRUNCATED_PART_TYPE = 'truncated';

/** Smallest per-string limit tried (halving from a quarter of the cap) when cutting strings is left. */
const MIN_STRING_LIMIT = 16;

/**
 * Whether content (prompts, outputs, tool arguments and results) may be recorded: the explicit option
 * if given, else `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`. Off by default.
 */
export function shouldCaptureContent(explicit?: boolean): boolean {
  if (explicit !== undefined) return explicit;
  return process.env[CAPTURE_CONTENT_ENV]?.trim().toLowerCase() === 'true';
}

/**
 * Cuts every string inside `value` (at any depth) to `limit` characters, marking each cut with
 * `…[truncated N chars]`, so the result still serializes to valid JSON of the same shape.
 */
function truncateStrings(value: unknown, limit: number): unknown {
  if (typeof value === 'string') {
    return value.length > limit
      ? `${value.slice(0, limit)}…[truncated ${value.length - limit} chars]`
      : value;
  }
  if (Array.isArray(value)) return value.map((v) => truncateStrings(v, limit));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = truncateStrings(v, limit);
    return out;
  }
  return value;
}

/** `JSON.stringify` that records a BigInt as its decimal string instead of throwing. */
function toJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  }
}

/** `JSON.stringify(truncateStrings(value, limit))` for halving limits, the first that fits `max`. */
function fitByCuttingStrings(value: unknown, max: number): string | undefined {
  for (let limit = Math.max(MIN_STRING_LIMIT, Math.floor(max / 4)); limit >= MIN_STRING_LIMIT; limit >>= 1) {
    const cut = toJson(truncateStrings(value, limit));
    if (cut.length <= max) return cut;
  }
  return undefined;
}

/**
 * JSON-encodes an arbitrary value (tool arguments, tool results) for a span attribute, at most `max`
 * characters and always valid JSON: long strings are cut (halving the per-string limit until it
 * fits); if even that is too long, a `{"truncated": true, "length": N}` marker stands in.
 */
export function contentAttribute(value: unknown, max = MAX_CONTENT_ATTRIBUTE_LENGTH): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'null';
  } catch {
    return '"[unserializable]"';
  }
  if (json.length <= max) return json;
  return fitByCuttingStrings(value, max) ?? JSON.stringify({ truncated: true, length: json.length });
}

/**
 * The one truncation rule for a list (messages or parts) over `max` characters: pinned items and the
 * newest items stay whole, the oldest unpinned items are cut first and a marker (built by `marker`
 * with the number dropped) takes the place of the first one cut, so order is kept. When even the
 * newest item does not fit whole, its strings are cut (`…[truncated N chars]`). Always valid JSON.
 */
function capList<T>(
  items: readonly T[],
  max: number,
  pinned: (item: T) => boolean,
  marker: (dropped: number) => T,
): string {
  try {
    return capListUnsafe(items, max, pinned, marker);
  } catch (err) {
    // Content a tool or caller produced may not serialize (a cycle); the span must still end well.
    diag.warn('convtrace: content attribute could not be serialized; recorded as []', err);
    return '[]';
  }
}

function capListUnsafe<T>(
  items: readonly T[],
  max: number,
  pinned: (item: T) => boolean,
  marker: (dropped: number) => T,
): string {
  const n = items.length;
  // Items are serialized newest first and only until the cap is reached, so a long history costs
  // about the cap, not its whole length. `used` counts brackets and one comma per item, less one.
  const pieces: string[] = new Array(n);
  let pinnedSize = 1;
  for (let i = 0; i < n; i++) {
    if (pinned(items[i]!)) {
      pieces[i] = toJson(items[i]);
      pinnedSize += pieces[i]!.length + 1;
    }
  }
  let used = pinnedSize;
  let i = n - 1;
  for (; i >= 0; i--) {
    if (pinned(items[i]!)) continue;
    pieces[i] = toJson(items[i]);
    if (used + pieces[i]!.length + 1 > max) break;
    used += pieces[i]!.length + 1;
  }
  if (i < 0 && used <= max) return `[${pieces.join(',')}]`;
  // Over the cap: keep the newest that fit next to the pinned items and a marker (sized for the
  // largest count), in order, with the marker where the first dropped item was.
  let budget = max - pinnedSize - (toJson(marker(n)).length + 1);
  let keepFrom = n;
  for (let j = n - 1; j > i; j--) {
    if (pinned(items[j]!)) continue;
    const cost = pieces[j]!.length + 1;
    if (cost > budget) break;
    budget -= cost;
    keepFrom = j;
  }
  const newest = lastUnpinned(items, pinned);
  if (budget >= 0 && keepFrom <= newest) {
    return `[${layout(
      items,
      pinned,
      keepFrom,
      (k) => pieces[k]!,
      (d) => toJson(marker(d)),
    ).join(',')}]`;
  }
  // The newest item (or the pinned ones) alone are over the cap: keep them and cut their strings;
  // failing that, keep only the newest item (cut); failing that, only the marker.
  const kept = layout(items, pinned, newest === -1 ? n : newest, (k) => items[k]!, marker);
  const cut = fitByCuttingStrings(kept, max);
  if (cut !== undefined) return cut;
  if (newest !== -1) {
    const alone = fitByCuttingStrings([marker(n - 1), items[newest]!], max);
    if (alone !== undefined) return alone;
  }
  const all = toJson([marker(n)]);
  return all.length <= max ? all : '[]';
}

function lastUnpinned<T>(items: readonly T[], pinned: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (!pinned(items[i]!)) return i;
  return -1;
}

/**
 * Pinned items and unpinned ones from `keepFrom` on (as `value(i)`), in order, with the marker (as
 * `markerValue(dropped)`) where the first dropped item was.
 */
function layout<T, V>(
  items: readonly T[],
  pinned: (item: T) => boolean,
  keepFrom: number,
  value: (i: number) => V,
  markerValue: (dropped: number) => V,
): V[] {
  const out: V[] = [];
  let dropped = 0;
  let markerAt = -1;
  for (let i = 0; i < items.length; i++) {
    if (pinned(items[i]!) || i >= keepFrom) out.push(value(i));
    else {
      if (markerAt === -1) markerAt = out.length;
      dropped++;
    }
  }
  if (dropped > 0) out.splice(markerAt, 0, markerValue(dropped));
  return out;
}

const isSystem = (m: GenAIMessage): boolean => m.role === 'system';
const never = (): boolean => false;

/**
 * `gen_ai.input.messages` / `gen_ai.output.messages` JSON, at most `max` characters: system messages
 * and the newest messages stay whole, the oldest are dropped first behind one marker message
 * (`{role: 'system', parts: [{type: 'truncated', content, dropped_messages}]}`; output markers carry
 * `finish_reason: 'error'` as the schema requires one); a single message over the cap has its strings
 * cut. Always valid JSON of the semconv message schema.
 */
export function messagesAttribute(
  messages: readonly GenAIMessage[],
  max = MAX_CONTENT_ATTRIBUTE_LENGTH,
  output = false,
): string {
  return capList<GenAIMessage>(messages, max, isSystem, (dropped) => {
    const marker: GenAIMessage = {
      role: 'system',
      parts: [
        {
          type: TRUNCATED_PART_TYPE,
          content: `…[${dropped} earlier messages truncated]`,
          dropped_messages: dropped,
        },
      ],
    };
    if (output) marker.finish_reason = 'error';
    return marker;
  });
}

/**
 * `gen_ai.system_instructions` JSON (a list of parts), at most `max` characters, by the same rule as
 * {@link messagesAttribute}: the newest parts stay whole, the oldest are dropped behind one marker part.
 */
export function partsAttribute(parts: readonly GenAIPart[], max = MAX_CONTENT_ATTRIBUTE_LENGTH): string {
  return capList<GenAIPart>(parts, max, never, (dropped) => ({
    type: TRUNCATED_PART_TYPE,
    content: `…[${dropped} earlier parts truncated]`,
    dropped_parts: dropped,
  }));
}
