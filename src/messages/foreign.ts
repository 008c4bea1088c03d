/**
 * Recognises message arrays from other libraries handed to convtrace where its own ModelMessages
 * belong. Without this an AI SDK `UIMessage[]` passed as `messageHistory` carries no
 * `conversation_id`, so every turn silently starts a new conversation; with it the caller gets an
 * error that says what was passed and how to convert it.
 */

/** Shapes {@link findForeignMessage} recognises. */
export type ForeignMessageShape = 'ai-sdk-ui-message' | 'ai-sdk-model-message';

/** Where the first foreign message sits and what it looks like. */
export interface ForeignMessage {
  index: number;
  shape: ForeignMessageShape;
}

const UI_ROLES = new Set(['system', 'user', 'assistant']);
const MODEL_ROLES = new Set(['system', 'user', 'assistant', 'tool']);

function shapeOf(value: unknown): ForeignMessageShape | null {
  if (value === null || typeof value !== 'object') return null;
  const m = value as Record<string, unknown>;
  // A convtrace message always has `kind`; anything with one is left to the schema.
  if ('kind' in m || typeof m.role !== 'string') return null;
  if (UI_ROLES.has(m.role) && Array.isArray(m.parts)) return 'ai-sdk-ui-message';
  if (MODEL_ROLES.has(m.role) && 'content' in m) return 'ai-sdk-model-message';
  return null;
}

/** The first element of `messages` shaped like an AI SDK message, or `null`. Reads only `kind`/`role`/`parts`/`content`. */
export function findForeignMessage(messages: readonly unknown[]): ForeignMessage | null {
  for (let i = 0; i < messages.length; i++) {
    const shape = shapeOf(messages[i]);
    if (shape) return { index: i, shape };
  }
  return null;
}

/** The sentence an error about `found` carries: what it looks like and how to convert it. */
export function describeForeignMessage(found: ForeignMessage): string {
  return found.shape === 'ai-sdk-ui-message'
    ? 'looks like AI SDK UI messages (`role` + `parts`), not convtrace ModelMessages (`kind` + `parts`); ' +
        "convert them with `uiToModelMessages` from 'convtrace/vercel-ai' (the chat id or the ids in " +
        "their metadata are the conversation id: see 'convtrace/ai-sdk')"
    : 'looks like AI SDK ModelMessages (`role` + `content`), not convtrace ModelMessages (`kind` + `parts`)';
}
