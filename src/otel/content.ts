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

/** JSON-encodes `value` for a span attribute, capped at {@link MAX_CONTENT_ATTRIBUTE_LENGTH}. */
export function contentAttribute(value: unknown): string {
  let json: string;
  try {
    json = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
  } catch {
    json = '"[unserializable]"';
  }
  return json.length > MAX_CONTENT_ATTRIBUTE_LENGTH
    ? `${json.slice(0, MAX_CONTENT_ATTRIBUTE_LENGTH)}…[truncated ${json.length - MAX_CONTENT_ATTRIBUTE_LENGTH} chars]`
    : json;
}
