/** Env var that opts into recording prompts and outputs on spans (GenAI instrumentation convention). */
export const CAPTURE_CONTENT_ENV = 'OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT';

/** Largest content attribute written, in characters; longer JSON is cut and marked. */
export const MAX_CONTENT_ATTRIBUTE_LENGTH = 64 * 1024;

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
export function truncateStrings(value: unknown, limit: number): unknown {
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

/**
 * JSON-encodes `value` for a span attribute, at most `max` characters and always valid JSON: long
 * strings are cut (halving the per-string limit until it fits); if even that is too long, a
 * `{"truncated": true, "length": N}` marker stands in.
 */
export function contentAttribute(value: unknown, max = MAX_CONTENT_ATTRIBUTE_LENGTH): string {
  let json: string;
  try {
    json = JSON.stringify(value) ?? 'null';
  } catch {
    return '"[unserializable]"';
  }
  if (json.length <= max) return json;
  for (let limit = Math.max(64, Math.floor(max / 4)); limit >= 64; limit = Math.floor(limit / 2)) {
    const cut = JSON.stringify(truncateStrings(value, limit));
    if (cut.length <= max) return cut;
  }
  return JSON.stringify({ truncated: true, length: json.length });
}
