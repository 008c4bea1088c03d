import { InvalidArgumentError } from '../../errors.ts';
import type { OpenAIClientLike } from './client-types.ts';
import { linkInstrumentation } from './instrumentation-link.ts';

/** Options of the OpenAI models. */
export interface OpenAIModelOptions {
  /** An `OpenAI` client (openai v5, v6 or v7). */
  client: OpenAIClientLike;
  /** Provider name stamped on responses and used for server-state matching. Default `openai`. */
  providerName?: string;
  /** Instrument the client for `chat` spans (default true; idempotent). */
  instrument?: boolean;
}

/** What both OpenAI models share: argument checks, the client, and the instrumentation link. */
export abstract class OpenAIModelBase {
  readonly modelName: string;
  readonly system: string;
  readonly emitsChatSpans: boolean;
  protected readonly client: OpenAIClientLike;

  protected constructor(modelName: string, options: OpenAIModelOptions, api: 'responses' | 'chat') {
    if (typeof modelName !== 'string' || modelName === '') {
      throw new InvalidArgumentError('modelName', 'must be a non-empty string');
    }
    const client = options?.client;
    if (!(api === 'responses' ? client?.responses : client?.chat?.completions)) {
      throw new InvalidArgumentError(
        'client',
        `must be an OpenAI client (with ${api === 'chat' ? 'chat.completions' : 'responses'})`,
      );
    }
    this.modelName = modelName;
    this.system = options.providerName ?? 'openai';
    this.client = client;
    this.emitsChatSpans = linkInstrumentation(client, options.instrument);
  }

  /** `provider_url` of produced responses. */
  protected get providerUrl(): string | null {
    return this.client.baseURL ?? null;
  }
}
