import { modelRequest, modelResponse } from '../../messages/build.ts';
import type { ModelMessage, ModelRequestPart, ModelResponsePart } from '../../messages/types.ts';

/**
 * Builds a history from frontend messages the way pydantic-ai's `MessagesBuilder` does: a request
 * part joins the last message if that is a request, a response part joins the last response;
 * otherwise a new message starts. Frontend messages carry no ids (`run_id` / `conversation_id` null).
 */
export class MessageBuilder {
  private readonly messages: ModelMessage[] = [];

  /** Adds a request part (user prompt, system prompt, tool return, retry prompt). */
  request(part: ModelRequestPart): void {
    const last = this.messages.at(-1);
    if (last?.kind === 'request') last.parts.push(part);
    else this.messages.push(modelRequest([part]));
  }

  /** Adds a response part (text, tool call, thinking). */
  response(part: ModelResponsePart): void {
    const last = this.messages.at(-1);
    if (last?.kind === 'response') last.parts.push(part);
    else this.messages.push(modelResponse([part]));
  }

  /** Ends the current response, so the next response part starts a new one. */
  breakResponse(): void {
    const last = this.messages.at(-1);
    if (last?.kind === 'response') this.messages.push(modelRequest([]));
  }

  /** The messages built so far (empty requests from {@link breakResponse} dropped). */
  build(): ModelMessage[] {
    return this.messages.filter((m) => m.parts.length > 0);
  }
}

/** pydantic-ai's multi-modal user content `kind` for a media type and a URL. */
function urlKind(mediaType: string | undefined, fallback: string): string {
  const major = mediaType?.split('/')[0];
  if (major === 'image' || major === 'audio' || major === 'video') return `${major}-url`;
  if (mediaType) return 'document-url';
  return fallback;
}

/**
 * A URL-or-data file reference as pydantic-ai user content (`{kind: 'image-url', url}` or
 * `{kind: 'binary', data, media_type}`).
 */
export function fileContent(
  source: { url?: string; data?: string; mediaType?: string },
  fallbackKind: string,
): Record<string, unknown> {
  if (source.url !== undefined) {
    return {
      kind: urlKind(source.mediaType, fallbackKind),
      url: source.url,
      ...(source.mediaType ? { media_type: source.mediaType } : {}),
    };
  }
  return {
    kind: 'binary',
    data: source.data ?? '',
    media_type: source.mediaType ?? 'application/octet-stream',
  };
}

/** A content list holding a single string becomes that string; otherwise the list is kept. */
export function simplifyContent(items: unknown[]): string | unknown[] {
  if (items.length === 1 && typeof items[0] === 'string') return items[0];
  return items;
}
