/**
 * Structural views of the `openai` client the models call. Declared here instead of imported so
 * `convtrace` loads without the optional `openai` peer, and so v5, v6 and v7 clients all fit.
 */

/** Request options the models pass through. */
export interface OpenAIRequestOptions {
  signal?: AbortSignal;
}

/** The subset of an `OpenAI` client the models use. */
export interface OpenAIClientLike {
  baseURL?: string;
  responses: {
    create(body: Record<string, unknown>, options?: OpenAIRequestOptions): PromiseLike<unknown>;
  };
  chat: {
    completions: {
      create(body: Record<string, unknown>, options?: OpenAIRequestOptions): PromiseLike<unknown>;
    };
  };
}

/** A JSON object from the wire. */
export type WireObject = Record<string, unknown>;
