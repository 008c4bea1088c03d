import { formatInt, formatTime, formatTokens } from '../display/format.ts';
import type { ConversationSummary } from '../model/conversation-list.ts';
import { getJson, type ListResponse } from './api.ts';
import { clear, h } from './dom.ts';

type Filter = 'all' | 'errors' | 'branched';

function ago(ms: number): string {
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 60) return `${Math.round(s)}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

function matches(r: ConversationSummary, q: string, filter: Filter): boolean {
  if (filter === 'errors' && r.errors === 0) return false;
  if (filter === 'branched' && r.lanes < 2 && !r.forkedFrom && r.forks === 0) return false;
  if (!q) return true;
  return [r.id, ...r.agents, ...r.models, r.firstPrompt ?? ''].some((f) => f.toLowerCase().includes(q));
}

function row(r: ConversationSummary): HTMLElement {
  const href = `#/c/${encodeURIComponent(r.id)}`;
  const badges = h('span', { class: 'badges' });
  if (r.forkedFrom)
    badges.append(
      h('span', { class: 'badge fork', text: '↖ fork', title: 'Forked from another conversation' }),
    );
  if (r.lanes > 1) badges.append(h('span', { class: 'badge fork', text: `${r.lanes} branches` }));
  if (r.forks > 0)
    badges.append(h('span', { class: 'badge fork', text: `${r.forks} fork${r.forks > 1 ? 's' : ''}` }));
  return h(
    'tr',
    {
      class: 'conv-row',
      data: { testid: 'conversation-row', id: r.id },
      onClick: () => location.assign(href),
    },
    h(
      'td',
      { class: 'conv-cell' },
      h('a', { href, class: 'conv-id', text: r.id }),
      badges,
      r.firstPrompt ? h('div', { class: 'preview', text: r.firstPrompt }) : null,
    ),
    h('td', { class: 'num', text: String(r.turns) }),
    h('td', {
      class: 'num',
      text: formatTokens(r.usage),
      title: `${formatInt(r.usage.inputTokens)} in, ${formatInt(r.usage.outputTokens)} out`,
    }),
    h('td', { class: r.errors > 0 ? 'num err' : 'num muted', text: String(r.errors) }),
    h('td', { class: 'models', text: r.models.join(', ') }),
    h('td', { class: 'agents', text: r.agents.join(', ') }),
    h('td', { class: 'when', text: ago(r.endMs), title: `${formatTime(r.endMs)} UTC` }),
  );
}

/** The newest conversations the page loads (the API pages; the search box filters these). */
const PAGE_SIZE = 500;

/** Renders the conversation list (search box, filter, table) into `root`. */
export async function showList(root: HTMLElement): Promise<void> {
  clear(root);
  const status = h('p', { class: 'muted', text: 'Loading conversations…' });
  root.append(status);
  const data = await getJson<ListResponse>(`/api/conversations?limit=${PAGE_SIZE}`);
  const search = h('input', {
    class: 'search',
    attrs: {
      type: 'search',
      placeholder: 'Search id, agent, model or prompt',
      'aria-label': 'Search conversations',
    },
    data: { testid: 'search' },
  });
  const filter = h(
    'select',
    { class: 'filter', attrs: { 'aria-label': 'Filter' }, data: { testid: 'filter' } },
    h('option', { attrs: { value: 'all' }, text: 'All conversations' }),
    h('option', { attrs: { value: 'errors' }, text: 'With errors' }),
    h('option', { attrs: { value: 'branched' }, text: 'Branched or forked' }),
  );
  const count = h('span', { class: 'count muted' });
  const tbody = h('tbody');
  const table = h(
    'table',
    { class: 'conv-table', data: { testid: 'conversation-list' } },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Conversation', 'Turns', 'Tokens in→out', 'Errors', 'Models', 'Agents', 'Last activity'].map(
          (t) => h('th', { text: t }),
        ),
      ),
    ),
    tbody,
  );
  const empty = h('p', {
    class: 'empty',
    text: `No conversations found in ${data.source}. Send spans to the receiver, or point --jaeger at a Jaeger.`,
  });
  const warnings = data.warnings.map((w) => h('p', { class: 'warning', text: w }));
  const update = (): void => {
    const q = search.value.trim().toLowerCase();
    const rows = data.conversations.filter((r) => matches(r, q, filter.value as Filter));
    tbody.replaceChildren(...rows.map(row));
    count.textContent =
      data.total > data.conversations.length
        ? `${rows.length} of the newest ${data.conversations.length} (${data.total} in all)`
        : `${rows.length} of ${data.conversations.length}`;
    empty.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
  };
  search.addEventListener('input', update);
  filter.addEventListener('change', update);
  status.remove();
  root.append(
    h('div', { class: 'page-head' }, h('h1', { text: 'Conversations' }), count),
    ...warnings,
    h('div', { class: 'toolbar' }, search, filter),
    table,
    empty,
  );
  update();
}
