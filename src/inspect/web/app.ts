import type { SpanNode } from '../model/conversation-model.ts';
import { getJson } from './api.ts';
import { showConversation } from './conversation-view.ts';
import { renderSpanDetail } from './detail-panel.ts';
import { clear, h } from './dom.ts';
import { showList } from './list-view.ts';

/** The inspector page: hash routes `#/` (list), `#/c/<id>` and `#/c/<id>/t/<n>` (one conversation). */

const main = document.getElementById('main')!;
const detail = document.getElementById('detail')!;
const sourceLabel = document.getElementById('source')!;
/** Stops the live updates of the view being left. */
let stops: Array<() => void> = [];

function closeDetail(): void {
  detail.hidden = true;
  clear(detail);
  document.body.classList.remove('with-detail');
  document.querySelectorAll('.span-row.selected').forEach((el) => {
    el.classList.remove('selected');
  });
}

function openDetail(body: HTMLElement, row: HTMLElement): void {
  document.querySelectorAll('.span-row.selected').forEach((el) => {
    el.classList.remove('selected');
  });
  row.classList.add('selected');
  const close = h('button', {
    class: 'close',
    text: '×',
    attrs: { type: 'button', 'aria-label': 'Close details' },
  });
  close.addEventListener('click', closeDetail);
  detail.replaceChildren(close, body);
  detail.hidden = false;
  document.body.classList.add('with-detail');
}

const shell = {
  onSpan: (n: SpanNode, traceUrls: Record<string, string>, row: HTMLElement) =>
    openDetail(renderSpanDetail(n, traceUrls), row),
  onLeave: (stop: () => void) => {
    stops.push(stop);
  },
  ready: () => {
    document.body.dataset.ready = 'true';
    // Time to interactive, read by bench/inspector-page.ts (the first mark only).
    if (performance.getEntriesByName('convtrace-ready').length === 0) performance.mark('convtrace-ready');
  },
};

async function route(): Promise<void> {
  for (const stop of stops) stop();
  stops = [];
  closeDetail();
  document.body.dataset.ready = 'false';
  const m = /^#\/c\/([^/]+)(?:\/t\/(\d+))?$/.exec(location.hash);
  try {
    clear(main);
    main.append(h('p', { class: 'muted', text: 'Loading…' }));
    if (m) await showConversation(main, decodeURIComponent(m[1]!), m[2] ? Number(m[2]) : undefined, shell);
    else await showList(main, shell);
  } catch (err) {
    main.replaceChildren(
      h('div', {
        class: 'error-box',
        data: { testid: 'error' },
        text: `Could not load: ${(err as Error).message}`,
      }),
    );
    shell.ready();
  }
}

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape') closeDetail();
});
window.addEventListener('hashchange', () => {
  void route();
});
void getJson<{ source: string }>('/api/config')
  .then((c) => {
    sourceLabel.textContent = c.source;
  })
  .catch(() => undefined);
void route();
