/** `error.type` and a secret-free status description for a failed OpenAI call. */

/** Fallback `error.type` when the thrown value has no usable class name. */
export const OTHER_ERROR = '_OTHER';

/**
 * Low-cardinality error class for `error.type`: the SDK's error class name (`BadRequestError`,
 * `RateLimitError`, `InternalServerError`, `APIError` for mid-stream errors, `APIUserAbortError`,
 * `APIConnectionError`, ...), else `_OTHER`.
 */
export function errorTypeOf(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const name = (err as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  }
  return OTHER_ERROR;
}

/**
 * A status description built only from the error class, HTTP status and OpenAI error `code`. The
 * error *message* is deliberately left out: servers echo request fragments (and, for 401s, parts of
 * the API key) there.
 */
export function errorDescriptionOf(err: unknown, type: string): string {
  if (err === null || typeof err !== 'object') return type;
  const { status, code } = err as { status?: unknown; code?: unknown };
  let out = type;
  if (typeof status === 'number') out += ` ${status}`;
  if (typeof code === 'string' && /^[\w.-]{1,64}$/.test(code)) out += ` ${code}`;
  return out;
}
