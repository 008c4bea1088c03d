import type { z } from 'zod';
import { RequestError } from '../../errors.ts';
import { BodyTooLargeError, readBodyBytes } from '../../http/body.ts';

/** The JSON body of an error response: `{ error: { message, field } }`. */
export interface ErrorBody {
  error: {
    /** What was wrong. */
    message: string;
    /** The request field at fault (e.g. `messages[1].role`), or `body` for the body as a whole. */
    field: string;
  };
}

/** Default largest accepted request body: 8 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/** A JSON error response naming the field at fault. */
export function errorResponse(
  status: number,
  field: string,
  message: string,
  headers?: ConstructorParameters<typeof Headers>[0],
): Response {
  const body: ErrorBody = { error: { message, field } };
  const h = new Headers(headers);
  h.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers: h });
}

/** `405 Method Not Allowed` for anything but POST. */
export function methodNotAllowed(): Response {
  return errorResponse(405, 'method', 'only POST is supported', { allow: 'POST' });
}

/** Formats a zod issue path as `messages[2].role`; `body` for the root. */
export function formatFieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? String(seg) : `.${String(seg)}`;
  }
  return out || 'body';
}

/** Turns the first issue of a failed parse into a {@link RequestError} (400) naming its field. */
export function zodRequestError(error: z.ZodError): RequestError {
  const issue = error.issues[0];
  if (!issue) return new RequestError(400, 'body', 'invalid request body');
  const path = [...issue.path];
  // A bad discriminator is reported on the object; name the discriminator field itself.
  const discriminator = (issue as { discriminator?: unknown }).discriminator;
  if (typeof discriminator === 'string' && path.at(-1) !== discriminator) path.push(discriminator);
  return new RequestError(400, formatFieldPath(path), issue.message);
}

/**
 * Reads a JSON request body, at most `maxBytes` long. Throws {@link RequestError}: 413 when too
 * large, 400 (`body`) when empty or not JSON.
 */
export async function readJsonBody(request: Request, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<unknown> {
  let bytes: Uint8Array;
  try {
    bytes = await readBodyBytes(request, maxBytes);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new RequestError(413, 'body', err.message);
    throw err;
  }
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') throw new RequestError(400, 'body', 'the request body is empty; expected JSON');
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new RequestError(400, 'body', `the request body is not valid JSON (${(err as Error).message})`);
  }
}

/**
 * Reads a POST request's JSON body (at most `maxBytes`) and hands it to `plan`. Resolves the plan, or
 * the error `Response` to send: `405` for anything but POST, the status of a {@link RequestError}
 * thrown while reading or planning. Other errors propagate.
 */
export async function planPostRequest<T>(
  request: Request,
  maxBytes: number | undefined,
  plan: (body: unknown) => T,
): Promise<T | Response> {
  if (request.method !== 'POST') return methodNotAllowed();
  try {
    return plan(await readJsonBody(request, maxBytes));
  } catch (err) {
    if (err instanceof RequestError) return errorResponse(err.status, err.field, err.message);
    throw err;
  }
}
