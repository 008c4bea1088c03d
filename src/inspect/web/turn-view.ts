import { formatClock, formatCost, formatDuration, formatTokens } from '../display/format.ts';
import { layoutBars } from '../display/span-layout.ts';
import { timeTicks } from '../display/time-axis.ts';
import type { SpanNode } from '../model/conversation-model.ts';
import type { TurnResponse } from './api.ts';
import { h } from './dom.ts';
import { renderTranscript } from './transcript.ts';

/** Widest tick label in px (ticks are spaced at least this far apart, so labels never overlap). */
const TICK_GAP_PX = 72;

/** Draws the axis ticks for the track's current width (again on every resize). */
function drawTicks(track: HTMLElement, durationMs: number): void {
  const width = track.clientWidth;
  if (width === 0) return;
  track.dataset.width = String(width); // the width the ticks were laid out for
  track.replaceChildren(
    ...timeTicks(durationMs, width, TICK_GAP_PX).map((t) => {
      const el = h('span', { class: 'tick', data: { testid: 'tick' }, text: t.label });
      el.style.left = `${t.fraction * 100}%`;
      el.style.maxWidth = `${TICK_GAP_PX - 6}px`;
      return el;
    }),
  );
}

function spanLabel(n: SpanNode, depth: number, agentService: string | undefined): HTMLElement {
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
  return label;
}

/**
 * One turn's timeline on its own axis (0 = the turn's start, its end at the right edge): one row per
 * span, parents before children, a child never drawn left of its parent (see display/span-layout.ts).
 */
export function renderTurnTimeline(
  data: TurnResponse,
  onSpan: (n: SpanNode, row: HTMLElement) => void,
): HTMLElement {
  const t = data.turn;
  const axisTrack = h('div', { class: 'tl-track axis-track', data: { testid: 'axis' } });
  const timeline = h(
    'div',
    { class: 'timeline', data: { testid: 'timeline', turn: String(t.index) } },
    h(
      'div',
      { class: 'tl-row axis-row' },
      h('div', { class: 'tl-label muted', text: `Turn ${t.index} · since its start` }),
      axisTrack,
    ),
  );
  const agentService = t.spans[0]?.serviceName;
  for (const bar of layoutBars(t.spans, t.startMs, t.endMs)) {
    const n = bar.node;
    const err = n.status.code === 'error';
    const el = h('div', {
      class: `bar cat-${n.category}${err ? ' bar-error' : ''}${bar.clamped ? ' clamped' : ''}`,
      data: { testid: 'bar' },
      title: bar.clamped ? 'started before its parent (clock skew): drawn from the parent’s start' : '',
    });
    el.style.left = `${bar.start * 100}%`;
    el.style.width = `${(bar.end - bar.start) * 100}%`;
    const tokens = n.usage && n.category === 'model' ? ` · ${formatTokens(n.usage)}` : '';
    const label = h('span', { class: 'bar-label', text: `${formatDuration(n.durationMs)}${tokens}` });
    if (bar.end <= 0.75) label.style.left = `${bar.end * 100}%`;
    else if (bar.start >= 0.25) label.style.right = `${(1 - bar.start) * 100}%`;
    else {
      label.classList.add('inside'); // a wide bar: its label sits inside its right end
      label.style.right = `${(1 - bar.end) * 100}%`;
    }
    const row = h(
      'div',
      {
        class: `tl-row span-row cat-${n.category}${err ? ' is-error' : ''}`,
        data: {
          testid: 'span-row',
          category: n.category,
          spanId: n.spanId,
          parentId: n.parentSpanId ?? '',
          depth: String(bar.depth),
        },
        attrs: { role: 'button', tabindex: '0' },
      },
      spanLabel(n, bar.depth, agentService),
      h('div', { class: 'tl-track' }, el, label),
    );
    row.addEventListener('click', () => onSpan(n, row));
    timeline.append(row);
  }
  // Ticks need the track's pixel width: draw once laid out, and again whenever it changes.
  new ResizeObserver(() => drawTicks(axisTrack, t.durationMs)).observe(axisTrack);
  return timeline;
}

/** The turn as a chat, or a note on how to turn content capture on. */
export function renderTurnTranscript(data: TurnResponse): HTMLElement {
  if (data.transcript && data.transcript.length > 0) return renderTranscript(data.transcript);
  return h(
    'div',
    { class: 'capture-note', data: { testid: 'capture-note' } },
    h('strong', { text: 'No prompts or replies were captured for this turn.' }),
    h('p', { text: data.captureHint }),
  );
}

/** The selected turn: facts, its timeline and its transcript. */
export function renderTurn(data: TurnResponse, onSpan: (n: SpanNode, row: HTMLElement) => void): HTMLElement {
  const t = data.turn;
  const traces = t.traceIds.map((id) => {
    const url = data.traceUrls[id];
    return url ? h('a', { href: url, class: 'ext', text: `trace ${id.slice(0, 8)}… in Jaeger ↗` }) : null;
  });
  return h(
    'section',
    { class: 'turn-panel', data: { testid: 'turn-panel', index: String(t.index) } },
    h(
      'div',
      { class: 'turn-head' },
      h('h2', { text: t.agentName ? `Turn ${t.index} · ${t.agentName}` : `Turn ${t.index}` }),
      h('span', {
        class: 'muted',
        text: `${formatClock(t.startMs)} UTC · ${formatDuration(t.durationMs)} · ${formatTokens(t.usage)} tokens · ${formatCost(data.cost)} · ${t.modelCalls} model · ${t.toolCalls} tool · ${t.errors} errors`,
      }),
      ...traces,
    ),
    h(
      'div',
      { class: 'turn-body' },
      h('div', { class: 'turn-timeline' }, renderTurnTimeline(data, onSpan)),
      h('div', { class: 'turn-transcript' }, h('h3', { text: 'Transcript' }), renderTurnTranscript(data)),
    ),
  );
}
