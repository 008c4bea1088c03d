import type { ConversationResponse } from './api.ts';
import { getJson } from './api.ts';
import { renderSpanDetail, renderTurnDetail } from './detail-panel.ts';
import { clear, h } from './dom.ts';
import { showList } from './list-view.ts';
import { renderConversation } from './timeline-view.ts';

/** The inspector page: hash routes `#/` (conversation list) and `#/c/<id>` (one conversation). */

const main = document.getElementById('main')!;
const detail = document.getElementById('detail')!;
const sourceLabel = document.getElementById('source')!;

function closeDetail(): void {
  detail.hidden = true;
  clear(detail);
  document.body.classList.remove('with-detail');
  document.querySelectorAll('.selected').forEach((el) => {
    el.classList.remove('selected');
  });
}

function openDetail(body: HTMLElement, row: HTMLElement): void {
  document.querySelectorAll('.selected').forEach((el) => {
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

async function showConversation(id: string): Promise<void> {
  clear(main);
  main.append(h('p', { class: 'muted', text: 'Loading conversation…' }));
  const data = await getJson<ConversationResponse>(`/api/conversations/${encodeURIComponent(id)}`);
  sourceLabel.textContent = data.source;
  main.replaceChildren(
    ...data.warnings.map((w) => h('p', { class: 'warning', text: w })),
    renderConversation(data, {
      onTurn: (t, row) => openDetail(renderTurnDetail(t, data.traceUrls), row),
      onSpan: (s, row) => openDetail(renderSpanDetail(s, data.traceUrls), row),
    }),
  );
}

async function route(): Promise<void> {
  closeDetail();
  const m = /^#\/c\/(.+)$/.exec(location.hash);
  try {
    if (m) await showConversation(decodeURIComponent(m[1]!));
    else await showList(main);
  } catch (err) {
    main.replaceChildren(
      h('div', {
        class: 'error-box',
        data: { testid: 'error' },
        text: `Could not load: ${(err as Error).message}`,
      }),
    );
  }
  document.body.dataset.ready = 'true';
}

document.addEventListener('keydown', (ev) => {
  if (ev.key === 'Escape') closeDetail();
});
window.addEventListener('hashchange', () => {
  document.body.dataset.ready = 'false';
  void route();
});
void getJson<{ source: string }>('/api/config')
  .then((c) => {
    sourceLabel.textContent = c.source;
  })
  .catch(() => undefined);
void route();
