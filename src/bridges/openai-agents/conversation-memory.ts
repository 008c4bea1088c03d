/**
 * Which conversation an SDK item or response belongs to, remembered in this process: after a run
 * every item id (`msg_…`, `fc_…`, `callId`) and the last response id map to the run's conversation
 * id, so the next `run()` given that history (`result.history` plus a new message), or
 * `previousResponseId`, or the same OpenAI `conversationId`, continues the same conversation instead
 * of minting a fresh id per turn. Bounded (oldest forgotten first); across processes pass the id
 * explicitly, as `groupId`, or through a session.
 */

type Obj = Record<string, unknown>;

const MAX_ENTRIES = 50_000;
const remembered = new Map<string, string>();

function remember(key: string, conversationId: string): void {
  remembered.delete(key);
  remembered.set(key, conversationId);
  if (remembered.size > MAX_ENTRIES) {
    const oldest = remembered.keys().next();
    if (!oldest.done) remembered.delete(oldest.value);
  }
}

/** The ids an SDK input/output item can be recognised by. */
function itemKeys(item: unknown): string[] {
  if (item === null || typeof item !== 'object') return [];
  const i = item as Obj;
  const keys: string[] = [];
  if (typeof i.id === 'string' && i.id !== '') keys.push(`item:${i.id}`);
  const provider = i.providerData as Obj | undefined;
  if (typeof provider?.id === 'string' && provider.id !== '') keys.push(`item:${provider.id}`);
  if (typeof i.callId === 'string' && i.callId !== '') keys.push(`call:${i.callId}`);
  return keys;
}

/** Run states (kept for a resume after an approval) → their conversation; dropped with the state. */
const states = new WeakMap<object, string>();

/** What identifies the history a run continues. */
export interface HistoryRefs {
  /** The `RunState` a resumed run continues, if any. */
  state?: object;
  /** The run's input items (`string` input has none). */
  items?: readonly unknown[];
  /** `previousResponseId` passed to `run()`. */
  previousResponseId?: string;
  /** OpenAI server-side `conversationId` passed to `run()`. */
  openaiConversationId?: string;
}

/** The conversation id of the newest recognised item / response on `refs`, if any. */
export function recallConversation(refs: HistoryRefs): string | undefined {
  const fromState = refs.state ? states.get(refs.state) : undefined;
  if (fromState !== undefined) return fromState;
  const items = refs.items ?? [];
  for (let i = items.length - 1; i >= 0; i--) {
    for (const key of itemKeys(items[i])) {
      const id = remembered.get(key);
      if (id !== undefined) return id;
    }
  }
  if (refs.previousResponseId) {
    const id = remembered.get(`response:${refs.previousResponseId}`);
    if (id !== undefined) return id;
  }
  if (refs.openaiConversationId) return remembered.get(`openai-conversation:${refs.openaiConversationId}`);
  return undefined;
}

/** Records the items and response ids of a finished run as belonging to `conversationId`. */
export function rememberConversation(
  conversationId: string,
  refs: HistoryRefs & { lastResponseId?: string },
): void {
  if (refs.state) states.set(refs.state, conversationId);
  for (const item of refs.items ?? []) for (const key of itemKeys(item)) remember(key, conversationId);
  if (refs.lastResponseId) remember(`response:${refs.lastResponseId}`, conversationId);
  if (refs.openaiConversationId) remember(`openai-conversation:${refs.openaiConversationId}`, conversationId);
}
