import { formatClock, formatDuration, formatInt, formatTime, formatTokens } from '../display/format.ts';
import type { Conversation, SpanNode, Turn } from '../model/conversation-model.ts';
import type { ConversationResponse } from './api.ts';
import { type Axis, buildAxis } from './axis.ts';
import { h } from './dom.ts';

/** Called when a turn or span is selected. */
export interface Selection {
  onTurn(turn: Turn, row: HTMLElement): void;
  onSpan(span: SpanNode, row: HTMLElement): void;
}

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

function header(c: Conversation): HTMLElement {
  const chips = h(
    'div',
    { class: 'chips' },
    chip('turns', String(c.turns.length)),
    chip('spans', formatInt(c.spanCount)),
    chip('traces', String(c.traceIds.length)),
    chip('tokens in→out', formatTokens(c.usage)),
    chip('errors', String(c.errors), c.errors > 0 ? 'chip-err' : ''),
    chip('duration', formatDuration(c.durationMs)),
    c.models.length > 0 ? chip('models', c.models.join(', ')) : null,
    c.agents.length > 0 ? chip('agents', c.agents.join(', ')) : null,
  );
  const notes = h('div', { class: 'fork-notes' });
  if (c.forkedFrom?.conversationId) {
    notes.append(
      h(
        'div',
        { class: 'fork-note', data: { testid: 'forked-from' } },
        '↖ Forked from ',
        convLink(c.forkedFrom.conversationId),
      ),
    );
  }
  for (const f of c.forks) {
    const from = c.turns.find((t) => t.runId === f.fromRunId);
    notes.append(
      h(
        'div',
        { class: 'fork-note', data: { testid: 'fork' } },
        '↗ Forked into ',
        convLink(f.conversationId),
        from ? ` after turn ${from.index}` : '',
      ),
    );
  }
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

function bar(axis: Axis, startMs: number, endMs: number, cls: string, label?: string): HTMLElement {
  const x0 = axis.x(startMs);
  const x1 = axis.x(endMs);
  const el = h('div', { class: `bar ${cls}` });
  el.style.left = `${x0}%`;
  el.style.width = `${Math.max(x1 - x0, 0.25)}%`;
  const track = h('div', { class: 'tl-track' }, el);
  if (label) {
    const lab = h('span', { class: 'bar-label', text: label });
    if (x1 <= 80) lab.style.left = `${x1}%`;
    else if (x0 >= 20) lab.style.right = `${100 - x0}%`;
    else {
      lab.classList.add('inside'); // wide bar spanning the axis: label inside its right end
      lab.style.right = `${100 - x1}%`;
    }
    track.append(lab);
  }
  return track;
}

function spanRows(spans: SpanNode[], turnIndex: number, axis: Axis, sel: Selection): HTMLElement[] {
  const rows: HTMLElement[] = [];
  const agentService = spans[0]?.serviceName;
  const stack: Array<[SpanNode, number]> = spans.map((s) => [s, 0] as [SpanNode, number]).reverse();
  while (stack.length > 0) {
    const [n, depth] = stack.pop()!;
    const err = n.status.code === 'error';
    const label = h(
      'div',
      { class: 'tl-label', title: n.name },
      h('span', { class: `dot cat-${n.category}` }),
      h('span', { class: 'span-name', text: n.name || '(unnamed)' }),
      n.serviceName !== agentService ? h('span', { class: 'svc', text: n.serviceName }) : null,
      err ? h('span', { class: 'err-mark', text: '✗', title: n.status.message ?? 'error' }) : null,
    );
    label.style.paddingLeft = `${10 + Math.min(depth, 12) * 14}px`;
    const tokens = n.usage && n.category === 'model' ? ` · ${formatTokens(n.usage)}` : '';
    const row = h(
      'div',
      {
        class: `tl-row span-row cat-${n.category}${err ? ' is-error' : ''}`,
        data: { testid: 'span-row', category: n.category, turn: String(turnIndex) },
        attrs: { role: 'button', tabindex: '0' },
      },
      label,
      bar(
        axis,
        n.startMs,
        n.startMs + n.durationMs,
        `cat-${n.category}${err ? ' bar-error' : ''}`,
        `${formatDuration(n.durationMs)}${tokens}`,
      ),
    );
    row.addEventListener('click', () => sel.onSpan(n, row));
    rows.push(row);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i]!, depth + 1]);
  }
  return rows;
}

function turnGroup(t: Turn, axis: Axis, sel: Selection): HTMLElement {
  const group = h('div', {
    class: `turn-group lane-${t.lane % 4}`,
    data: { testid: 'turn', index: String(t.index), runId: t.runId },
  });
  const caret = h('button', {
    class: 'caret',
    text: '▾',
    attrs: { type: 'button', 'aria-label': 'Collapse turn' },
  });
  caret.addEventListener('click', (ev) => {
    ev.stopPropagation();
    const collapsed = group.classList.toggle('collapsed');
    caret.textContent = collapsed ? '▸' : '▾';
  });
  const marks = h('span', { class: 'marks' });
  if (t.branchFrom !== undefined)
    marks.append(
      h('span', { class: 'badge fork', data: { testid: 'fork-mark' }, text: `↳ branch of #${t.branchFrom}` }),
    );
  if (t.forkedFrom)
    marks.append(
      h('span', {
        class: 'badge fork',
        data: { testid: 'fork-mark' },
        text: '↖ forked',
        title: `from ${t.forkedFrom.conversationId ?? 'another conversation'}`,
      }),
    );
  if (t.errors > 0)
    marks.append(h('span', { class: 'badge err', text: `${t.errors} error${t.errors > 1 ? 's' : ''}` }));
  const label = h(
    'div',
    { class: 'tl-label turn-label' },
    caret,
    h('span', { class: 'turn-no', text: `Turn ${t.index}` }),
    t.agentName ? h('span', { class: 'turn-agent', text: t.agentName }) : null,
    marks,
    h('span', {
      class: 'turn-meta',
      text: `${formatClock(t.startMs).slice(0, 8)} · ${formatTokens(t.usage)}`,
      title: 'start (UTC) · tokens in→out',
    }),
  );
  const row = h(
    'div',
    { class: 'tl-row turn-row', data: { testid: 'turn-row' }, attrs: { role: 'button', tabindex: '0' } },
    label,
    bar(axis, t.startMs, t.endMs, 'turn-band', formatDuration(t.durationMs)),
  );
  row.addEventListener('click', () => sel.onTurn(t, row));
  group.append(row);
  if (t.prompt)
    group.append(
      h(
        'div',
        { class: 'turn-prompt', data: { testid: 'turn-prompt' } },
        h('span', { class: 'who', text: 'user' }),
        h('span', { class: 'said', text: t.prompt }),
      ),
    );
  group.append(...spanRows(t.spans, t.index, axis, sel));
  return group;
}

function axisRow(axis: Axis): HTMLElement {
  const track = h('div', { class: 'tl-track axis-track' });
  for (const s of axis.segments) {
    const el = s.gap
      ? h('div', { class: 'axis-gap', text: '⋯', title: `${formatDuration(s.endMs - s.startMs)} idle` })
      : h('div', { class: 'axis-seg', text: formatClock(s.startMs).slice(0, 8) });
    el.style.left = `${s.x0}%`;
    el.style.width = `${s.x1 - s.x0}%`;
    track.append(el);
  }
  return h(
    'div',
    { class: 'tl-row axis-row' },
    h('div', { class: 'tl-label muted', text: 'Turns and spans' }),
    track,
  );
}

/**
 * One conversation as a single timeline across all its traces: a header with totals and fork notes,
 * then every turn (a band on a shared axis whose idle gaps are collapsed) with its nested spans.
 */
export function renderConversation(data: ConversationResponse, sel: Selection): HTMLElement {
  const c = data.conversation;
  const axis = buildAxis([
    ...c.turns,
    ...c.other.map((o) => ({ startMs: o.startMs, endMs: o.startMs + o.durationMs })),
  ]);
  const stripes = h('div', { class: 'tl-stripes' });
  for (const s of axis.segments.filter((seg) => !seg.gap)) {
    const el = h('div', { class: 'stripe' });
    el.style.left = `${s.x0}%`;
    el.style.width = `${s.x1 - s.x0}%`;
    stripes.append(el);
  }
  const timeline = h(
    'div',
    { class: 'timeline', data: { testid: 'timeline' } },
    h('div', { class: 'tl-stripes-wrap' }, stripes),
    axisRow(axis),
  );
  for (const t of c.turns) timeline.append(turnGroup(t, axis, sel));
  if (c.other.length > 0) {
    const group = h(
      'div',
      { class: 'turn-group other-group' },
      h(
        'div',
        { class: 'tl-row turn-row' },
        h('div', { class: 'tl-label turn-label', text: 'Outside any turn' }),
        h('div', { class: 'tl-track' }),
      ),
    );
    group.append(...spanRows(c.other, 0, axis, sel));
    timeline.append(group);
  }
  const legend = h(
    'div',
    { class: 'legend' },
    ...(['agent', 'model', 'tool', 'downstream', 'other'] as const).map((k) =>
      h('span', { class: 'legend-item' }, h('span', { class: `dot cat-${k}` }), k),
    ),
  );
  return h('div', { class: 'conversation' }, header(c), legend, timeline);
}
