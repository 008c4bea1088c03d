import type { SpanNode } from '../model/conversation-model.ts';
import { getJson, type OverviewResponse, type TurnResponse } from './api.ts';
import { renderConversationTranscript } from './conversation-transcript.ts';
import { h } from './dom.ts';
import { onChanges } from './live.ts';
import { renderHead, TurnOverview } from './overview-view.ts';
import { renderTurn } from './turn-view.ts';

/** What the conversation view needs from the page shell. */
export interface ConversationShell {
  onSpan(span: SpanNode, traceUrls: Record<string, string>, row: HTMLElement): void;
  /** Stops live updates when the page leaves this view. */
  onLeave(stop: () => void): void;
  /** Marks the view settled (tests wait for `body[data-ready=true]`). */
  ready(): void;
}

const base = (id: string): string => `/api/conversations/${encodeURIComponent(id)}`;

/**
 * One conversation: its head, the overview of every turn (virtualised), and the selected turn's own
 * timeline and transcript. Route `#/c/<id>/t/<n>` selects turn n (default: the last). Spans arriving
 * for this conversation (server-sent events) update head and overview in place, and the selected turn
 * when it is the last one.
 */
export async function showConversation(
  root: HTMLElement,
  id: string,
  selectIndex: number | undefined,
  shell: ConversationShell,
): Promise<void> {
  // Overview and the first turn to show are fetched together (the server assembles once for both).
  const firstTurn = getJson<TurnResponse>(`${base(id)}/turns/${selectIndex ?? 'last'}`).catch(
    () => undefined,
  );
  const data = await getJson<OverviewResponse>(`${base(id)}/overview`);
  const head = h('div', { class: 'head-slot' });
  const warnings = h('div', {});
  const turnSlot = h('div', { class: 'turn-slot' });
  let turnCount = data.turns.length;
  let selected = 0;
  let loading = 0;

  const select = async (index: number, prefetched?: Promise<TurnResponse | undefined>): Promise<void> => {
    selected = index;
    overview.select(index);
    history.replaceState(null, '', `#/c/${encodeURIComponent(id)}/t/${index}`);
    const ticket = ++loading;
    const turn = (await prefetched) ?? (await getJson<TurnResponse>(`${base(id)}/turns/${index}`));
    if (ticket !== loading) return; // a newer selection won
    turnSlot.replaceChildren(renderTurn(turn, (n, row) => shell.onSpan(n, turn.traceUrls, row)));
    shell.ready();
  };
  const overview = new TurnOverview((i) => {
    void select(i).catch(showError);
  });
  const showError = (err: unknown): void => {
    turnSlot.replaceChildren(
      h('div', { class: 'error-box', text: `Could not load: ${(err as Error).message}` }),
    );
  };
  const apply = (d: OverviewResponse): void => {
    head.replaceChildren(renderHead(d.conversation, d.pricesAsOf));
    warnings.replaceChildren(...d.warnings.map((w) => h('p', { class: 'warning', text: w })));
    overview.setTurns(d.turns);
  };
  apply(data);
  // Two views of the conversation: the turn overview with the selected turn, or one long chat.
  const timelineView = h('div', { data: { testid: 'timeline-view' } }, overview.element, turnSlot);
  const transcriptSlot = h('div', { data: { testid: 'transcript-view' } });
  transcriptSlot.hidden = true;
  const tabTimeline = h('button', {
    class: 'tab active',
    text: 'Turns',
    attrs: { type: 'button' },
    data: { testid: 'tab-turns' },
  });
  const tabTranscript = h('button', {
    class: 'tab',
    text: 'Transcript',
    attrs: { type: 'button' },
    data: { testid: 'tab-transcript' },
  });
  const show = (transcript: boolean): void => {
    timelineView.hidden = transcript;
    transcriptSlot.hidden = !transcript;
    tabTimeline.classList.toggle('active', !transcript);
    tabTranscript.classList.toggle('active', transcript);
    if (transcript && transcriptSlot.childElementCount === 0)
      transcriptSlot.append(
        renderConversationTranscript(id, (i) => {
          show(false);
          void select(i).catch(showError);
        }),
      );
  };
  tabTimeline.addEventListener('click', () => show(false));
  tabTranscript.addEventListener('click', () => show(true));
  root.replaceChildren(
    head,
    warnings,
    h('div', { class: 'tabs' }, tabTimeline, tabTranscript),
    timelineView,
    transcriptSlot,
  );

  let refreshing = false;
  let again = false; // a change arrived while refreshing: refresh once more after
  const refresh = async (): Promise<void> => {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      do {
        again = false;
        const d = await getJson<OverviewResponse>(`${base(id)}/overview`);
        const wasLast = selected === turnCount;
        turnCount = d.turns.length;
        apply(d);
        if (wasLast && selected > 0) await select(selected);
      } while (again);
    } finally {
      refreshing = false;
    }
  };
  shell.onLeave(
    onChanges((ids) => {
      if (ids.has(id)) void refresh().catch(showError);
    }),
  );
  const first = selectIndex && selectIndex <= turnCount ? selectIndex : turnCount;
  if (first > 0) await select(first, first === (selectIndex ?? turnCount) ? firstTurn : undefined);
  else shell.ready();
}
