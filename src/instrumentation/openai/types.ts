/**
 * Structural views of the `openai` client internals the instrumentation touches. They are written
 * here instead of imported so `convtrace` loads where `openai` (an optional peer) is absent; only
 * the members we read are declared, everything else stays `unknown`.
 */
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';

/** Which OpenAI API a call went to (`openai.api.type`). */
export type OpenAIApiType = 'responses' | 'chat_completions';

/** The request-props object the SDK's `APIPromise.responsePromise` resolves to. */
export interface ApiResponseProps {
  response: { status: number; headers: { get(name: string): string | null } };
  options?: { stream?: boolean };
}

/** The subset of openai-node's `APIPromise` (v5–v7) the wrapper observes. */
export interface ApiPromiseLike {
  responsePromise: Promise<ApiResponseProps>;
  parse: () => Promise<unknown>;
  parseResponse: (client: unknown, props: ApiResponseProps) => Promise<unknown> | unknown;
  asResponse: () => Promise<unknown>;
  parsedPromise?: Promise<unknown>;
  /** A prototype method in v5–v7 as published; wrapped per promise if a build makes it an own closure. */
  _thenUnwrap?: (...args: unknown[]) => unknown;
}

/** The subset of openai-node's `Stream` (v5–v7) the wrapper hooks. */
export interface StreamLike {
  iterator: () => AsyncIterator<unknown>;
  controller?: AbortController;
}

/** A resource method such as `responses.create(body, options)`. */
export type CreateMethod = (this: ResourceLike, body: unknown, options?: unknown) => unknown;

/** A resource instance (`client.responses`, `client.chat.completions`). */
export interface ResourceLike {
  create: CreateMethod;
  _client?: ClientLike;
}

/** The subset of the `OpenAI` client instance the instrumentation reads. */
export interface ClientLike {
  baseURL?: string;
  responses?: ResourceLike;
  chat?: { completions?: ResourceLike };
  getUserAgent?: () => string;
  withOptions?: (options: unknown) => ClientLike;
}

/** Options of {@link instrumentOpenAI} and of the `OpenAIInstrumentation` config. */
export interface OpenAIInstrumentationOptions {
  /**
   * Record prompts, instructions and outputs as `gen_ai.input.messages`, `gen_ai.system_instructions`
   * and `gen_ai.output.messages` JSON attributes. Default: `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`,
   * else off.
   */
  captureMessageContent?: boolean;
  /** Largest content attribute, in characters (default 64 KiB); longer text is cut and marked. */
  maxContentLength?: number;
  /** Tracer provider (default: the global one). Ignored by `OpenAIInstrumentation`, which has `setTracerProvider`. */
  tracerProvider?: TracerProvider;
  /** Meter provider for the GenAI client metrics (default: the global one). */
  meterProvider?: MeterProvider;
}
