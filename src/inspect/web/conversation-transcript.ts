import { formatClock } from '../display/format.ts';
import { getJson, type TranscriptResponse } from './api.ts';
import { h } from './dom.ts';
import { renderTranscript } from './transcript.ts';

/** Turns fetched per step as the reader scrolls down. */
const STEP = 25;
/** Wait before fetching a step again after it failed. */
const RETRY_MS = 1_000;

/**
 * The whole conversation as one chat, turn after turn. Turns are fetched in steps of {@link STEP}
 * when the end of what is drawn scrolls into view, so a 1,000-turn conversation opens as fast as a
 * short one. A turn's heading opens it in the timeline.
 */
export function renderConversationTranscript(id: string, openTurn: (index: number) => void): HTMLElement {
  const list = h('div', { class: 'conv-transcript', data: { testid: 'conversation-transcript' } });
  const sentinel = h('div', { class: 'muted sentinel', text: 'Loading…' });
  const note = h('p', { class: 'capture-note', data: { testid: 'capture-note' } });
  note.hidden = true;
  const root = h('div', {}, note, list, sentinel);
  let next = 1;
  let total = Number.POSITIVE_INFINITY;
  let busy = false;
  const load = async (): Promise<void> => {
    if (busy || next > total) return;
    busy = true;
    let data: TranscriptResponse;
    try {
      const url = `/api/conversations/${encodeURIComponent(id)}/transcript?from=${next}&limit=${STEP}`;
      data = await getJson<TranscriptResponse>(url);
    } catch (err) {
      // The sentinel stays in view, so the observer would not fire again: a failed step (a busy
      // server, a dropped connection) would leave the reader on "Loading…" for good. Say so, retry.
      busy = false;
      sentinel.textContent = `Could not load more turns (${err instanceof Error ? err.message : String(err)}); retrying…`;
      setTimeout(() => void load(), RETRY_MS);
      return;
    }
    try {
      total = data.total;
      for (const t of data.turns) {
        const head = h('button', {
          class: 'turn-link',
          text: `Turn ${t.index}${t.agentName ? ` · ${t.agentName}` : ''} · ${formatClock(t.startMs)} UTC`,
          attrs: { type: 'button' },
          onClick: () => openTurn(t.index),
        });
        const body = t.messages
          ? renderTranscript(t.messages)
          : h('p', { class: 'muted', text: 'No prompts or replies captured for this turn.' });
        if (!t.messages) {
          note.textContent = data.captureHint;
          note.hidden = false;
        }
        list.append(
          h(
            'section',
            { class: 'conv-turn', data: { testid: 'transcript-turn', index: String(t.index) } },
            head,
            body,
          ),
        );
      }
      next += data.turns.length;
      if (data.turns.length === 0) next = total + 1;
      sentinel.textContent = next > total ? `${total} turn${total === 1 ? '' : 's'}` : 'Loading…';
    } finally {
      busy = false;
    }
    // Still in view (a short page): load more.
    const r = sentinel.getBoundingClientRect();
    if (next <= total && r.top < window.innerHeight + 400) await load();
  };
  new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) void load();
    },
    { rootMargin: '400px' },
  ).observe(sentinel);
  return root;
}
