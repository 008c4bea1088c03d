/**
 * Which run (and conversation) an SDK item or response came from, remembered in this process: after
 * a run every item id it produced (`msg_…`, `fc_…`, `callId`), its last response id and its
 * `RunState` map to the run's ids, so the next `run()` given that history (`result.history` plus a
 * new message), `previousResponseId`, the same OpenAI `conversationId`, or the state of a paused run
 * continues the same conversation instead of minting a fresh id per turn — and records which turn it
 * continues (`convtrace.history.run_id`, for the inspector's branches). An id keeps the run that
 * first produced it. Bounded (oldest forgotten first); across processes pass the id explicitly, as
 * `groupId`, or through a session.
 */

type Obj = Record<string, unknown>;

/** The ids of the run an item came from. */
export interface RememberedRun {
  conversationId: string;
  runId: string;
}

const MAX_ENTRIES = 50_000;
const remembered = new Map<string, RememberedRun>();
/** Run states (kept for a resume after an approval) → their run; dropped with the state. */
const states = new WeakMap<object, RememberedRun>();

function remember(key: string, run: RememberedRun, overwrite: boolean): void {
  if (!overwrite && remembered.has(key)) return;
  remembered.delete(key);
  remembered.set(key, run);
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

/** The run that produced the newest recognised item / response / state on `refs`, if any. */
export function recallRun(refs: HistoryRefs): RememberedRun | undefined {
  const fromState = refs.state ? states.get(refs.state) : undefined;
  if (fromState !== undefined) return fromState;
  const items = refs.items ?? [];
  for (let i = items.length - 1; i >= 0; i--) {
    for (const key of itemKeys(items[i])) {
      const run = remembered.get(key);
      if (run !== undefined) return run;
    }
  }
  if (refs.previousResponseId) {
    const run = remembered.get(`response:${refs.previousResponseId}`);
    if (run !== undefined) return run;
  }
  if (refs.openaiConversationId) return remembered.get(`openai-conversation:${refs.openaiConversationId}`);
  return undefined;
}

/** Records what a finished run produced (its history's items, last response, state) as `run`'s. */
export function rememberRun(run: RememberedRun, refs: HistoryRefs & { lastResponseId?: string }): void {
  if (refs.state) states.set(refs.state, run);
  for (const item of refs.items ?? []) for (const key of itemKeys(item)) remember(key, run, false);
  if (refs.lastResponseId) remember(`response:${refs.lastResponseId}`, run, true);
  // The OpenAI conversation's newest run is the one the next turn on it continues.
  if (refs.openaiConversationId) remember(`openai-conversation:${refs.openaiConversationId}`, run, true);
}
