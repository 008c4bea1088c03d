/**
 * Structural views of the `openai` client the models call. Declared here instead of imported so
 * `convtrace` loads without the optional `openai` peer, and so v5, v6 and v7 clients all fit.
 */

/** Request options the models pass through. */
export interface OpenAIRequestOptions {
  signal?: AbortSignal;
}

/** Any `create` method: its parameter types differ by SDK version, so accept them all. */
type AnyCreate = (body: never, options?: never) => PromiseLike<unknown>;

/** A resource with a `create` method (`client.responses`, `client.chat.completions`). */
export interface CreateResource {
  create: AnyCreate;
}

/** The subset of an `OpenAI` client (v5–v7) the models use. */
export interface OpenAIClientLike {
  baseURL?: string;
  responses: CreateResource;
  chat: { completions: CreateResource };
}

/** A JSON object from the wire. */
export type WireObject = Record<string, unknown>;

/** Calls `resource.create(body, options)` with `this` bound, whatever the SDK version's typings say. */
export function callCreate(
  resource: CreateResource,
  body: WireObject,
  signal: AbortSignal | undefined,
): PromiseLike<unknown> {
  const create = resource.create as unknown as (
    b: WireObject,
    o?: OpenAIRequestOptions,
  ) => PromiseLike<unknown>;
  return create.call(resource, body, signal ? { signal } : undefined);
}
