import {
  formatClock,
  formatCost,
  formatDuration,
  formatInt,
  formatTime,
  formatTokens,
} from '../display/format.ts';
import type { ConversationHead, TurnRow } from './api.ts';
import { h } from './dom.ts';
import { VirtualList } from './virtual-list.ts';

/** Height of one overview row in px (the virtual list needs it fixed). */
export const TURN_ROW_HEIGHT = 30;

function convLink(id: string): HTMLElement {
  return h('a', { href: `#/c/${encodeURIComponent(id)}`, class: 'conv-link', text: id });
}

function chip(label: string, value: string, cls = ''): HTMLElement {
  return h(
    'span',
    { class: `chip ${cls}` },
    h('span', { class: 'chip-label', text: label }),
    h('span', { class: 'chip-value', text: value }),
  );
}

/** The conversation's head: id, time range, totals (with cost) and fork notes. */
export function renderHead(c: ConversationHead, pricesAsOf: string): HTMLElement {
  const costTitle = `prices as of ${pricesAsOf}${c.cost.unpriced.length > 0 ? `; no price for ${c.cost.unpriced.join(', ')}` : ''}`;
  const chips = h(
    'div',
    { class: 'chips', data: { testid: 'conversation-totals' } },
    chip('turns', formatInt(c.turnCount)),
    chip('spans', formatInt(c.spanCount)),
    chip('traces', formatInt(c.traceIds.length)),
    chip('tokens in→out', formatTokens(c.usage)),
    h(
      'span',
      { class: 'chip', title: costTitle, data: { testid: 'conversation-cost' } },
      h('span', { class: 'chip-label', text: 'cost' }),
      h('span', { class: 'chip-value', text: formatCost(c.cost) }),
    ),
    chip('errors', String(c.errors), c.errors > 0 ? 'chip-err' : ''),
    chip('duration', formatDuration(c.durationMs)),
    c.models.length > 0 ? chip('models', c.models.join(', ')) : null,
    c.agents.length > 0 ? chip('agents', c.agents.join(', ')) : null,
    c.services.length > 1 ? chip('services', c.services.join(', ')) : null,
    c.otherSpans > 0 ? chip('spans outside any turn', formatInt(c.otherSpans)) : null,
  );
  const notes = h('div', { class: 'fork-notes' });
  if (c.forkedFrom?.conversationId)
    notes.append(
      h(
        'div',
        { class: 'fork-note', data: { testid: 'forked-from' } },
        '↖ Forked from ',
        convLink(c.forkedFrom.conversationId),
      ),
    );
  for (const f of c.forks)
    notes.append(
      h(
        'div',
        { class: 'fork-note', data: { testid: 'fork' } },
        '↗ Forked into ',
        convLink(f.conversationId),
      ),
    );
  return h(
    'div',
    { class: 'conv-head' },
    h('a', { href: '#/', class: 'back', text: '← Conversations' }),
    h('h1', {}, 'Conversation ', h('code', { class: 'conv-title-id', text: c.id })),
    h('div', { class: 'muted', text: `${formatTime(c.startMs)} → ${formatTime(c.endMs)} UTC` }),
    chips,
    notes,
  );
}

const COLUMNS = ['#', 'Start (UTC)', 'Duration', 'Tokens in→out', 'Cost', 'Calls', 'Errors', 'Prompt'];

/** The overview: a header row and a virtualised list with one row per turn. */
export class TurnOverview {
  readonly element: HTMLElement;
  private readonly list: VirtualList<TurnRow>;
  private selected = 0;

  constructor(onSelect: (index: number) => void) {
    this.list = new VirtualList<TurnRow>(TURN_ROW_HEIGHT, (t) => this.row(t, onSelect), 'turn-list');
    this.element = h(
      'div',
      { class: 'overview', data: { testid: 'overview' } },
      h('div', { class: 'ov-row ov-head' }, ...COLUMNS.map((c) => h('span', { class: 'ov-cell', text: c }))),
      this.list.element,
    );
  }

  /** Replaces the rows (scroll position and selection kept). */
  setTurns(turns: readonly TurnRow[]): void {
    this.list.setItems(turns);
  }

  /** Marks turn `index` (1-based) selected and scrolls it into view. */
  select(index: number): void {
    this.selected = index;
    this.list.refresh();
    this.list.scrollToIndex(index - 1);
  }

  private row(t: TurnRow, onSelect: (index: number) => void): HTMLElement {
    const marks: HTMLElement[] = [];
    if (t.branchFrom !== undefined)
      marks.push(
        h('span', {
          class: 'badge fork',
          data: { testid: 'fork-mark' },
          text: `↳ branch of #${t.branchFrom}`,
        }),
      );
    if (t.forkedFrom)
      marks.push(h('span', { class: 'badge fork', data: { testid: 'fork-mark' }, text: '↖ forked' }));
    const row = h(
      'div',
      {
        class: `ov-row turn-row lane-${t.lane % 4}${t.index === this.selected ? ' selected' : ''}${t.errors > 0 ? ' has-error' : ''}`,
        data: { testid: 'turn-row', index: String(t.index), runId: t.runId },
        attrs: { role: 'button', tabindex: '0' },
        onClick: () => onSelect(t.index),
      },
      h('span', { class: 'ov-cell num', text: String(t.index) }),
      h('span', { class: 'ov-cell mono', text: formatClock(t.startMs), title: formatTime(t.startMs) }),
      h('span', { class: 'ov-cell num', text: formatDuration(t.durationMs) }),
      h('span', { class: 'ov-cell num', text: formatTokens(t.usage) }),
      h('span', {
        class: 'ov-cell num',
        data: { testid: 'turn-cost' },
        text: formatCost(t.cost),
        title: t.cost.unpriced.length > 0 ? `no price for ${t.cost.unpriced.join(', ')}` : '',
      }),
      h('span', {
        class: 'ov-cell num',
        text: `${t.modelCalls} model · ${t.toolCalls} tool`,
        title: t.models.join(', '),
      }),
      h('span', { class: t.errors > 0 ? 'ov-cell num err' : 'ov-cell num muted', text: String(t.errors) }),
      h(
        'span',
        { class: 'ov-cell prompt' },
        ...marks,
        t.agentName ? h('span', { class: 'turn-agent', text: t.agentName }) : null,
        h('span', { class: 'said', data: { testid: 'turn-prompt' }, text: t.prompt ?? '' }),
      ),
    );
    row.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') onSelect(t.index);
    });
    return row;
  }
}
