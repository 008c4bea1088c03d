import { formatCost, formatInt, formatTime, formatTokens } from '../display/format.ts';
import { getJson, type ListResponse, type ListRow } from './api.ts';
import { h } from './dom.ts';
import { onChanges } from './live.ts';

function ago(ms: number): string {
  const s = Math.max(0, (Date.now() - ms) / 1000);
  if (s < 60) return `${Math.round(s)}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86_400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86_400)}d ago`;
}

function row(r: ListRow): HTMLElement {
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
    h('td', {
      class: 'num',
      data: { testid: 'conversation-cost' },
      text: r.cost ? formatCost(r.cost) : '?',
      title: r.cost?.unpriced.length ? `no price for ${r.cost.unpriced.join(', ')}` : '',
    }),
    h('td', { class: r.errors > 0 ? 'num err' : 'num muted', text: String(r.errors) }),
    h('td', { class: 'models', text: r.models.join(', ') }),
    h('td', { class: 'agents', text: r.agents.join(', ') }),
    h('td', { class: 'when', text: ago(r.endMs), title: `${formatTime(r.endMs)} UTC` }),
  );
}

/** The newest conversations the page loads per query (the API pages). */
const PAGE_SIZE = 500;

function input(testid: string, placeholder: string, type = 'search'): HTMLInputElement {
  return h('input', {
    class: 'search field',
    attrs: { type, placeholder, 'aria-label': placeholder },
    data: { testid },
  });
}

/**
 * The conversation list with its finder: text search, agent, service, model, errors, time range and
 * id, all answered by the API (`/api/conversations?q=&agent=…`), so they work past the first page.
 * Refetched as filters change and when spans arrive (server-sent events).
 */
export async function showList(
  root: HTMLElement,
  shell: { onLeave(stop: () => void): void; ready(): void },
): Promise<void> {
  const search = input('search', 'Search id, agent, model or prompt');
  const agent = input('filter-agent', 'Agent');
  const service = input('filter-service', 'Service');
  const model = input('filter-model', 'Model');
  const id = input('filter-id', 'Conversation id');
  const from = input('filter-from', 'From', 'datetime-local');
  const to = input('filter-to', 'To', 'datetime-local');
  const filter = h(
    'select',
    { class: 'filter', attrs: { 'aria-label': 'Filter' }, data: { testid: 'filter' } },
    h('option', { attrs: { value: 'all' }, text: 'All conversations' }),
    h('option', { attrs: { value: 'errors' }, text: 'With errors' }),
    h('option', { attrs: { value: 'branched' }, text: 'Branched or forked' }),
  );
  const count = h('span', { class: 'count muted', data: { testid: 'count' } });
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
        ...[
          'Conversation',
          'Turns',
          'Tokens in→out',
          'Cost',
          'Errors',
          'Models',
          'Agents',
          'Last activity',
        ].map((t) => h('th', { text: t })),
      ),
    ),
    tbody,
  );
  const empty = h('p', { class: 'empty' });
  const warnings = h('div', {});
  const query = (): string => {
    const p = new URLSearchParams({ limit: String(PAGE_SIZE) });
    const set = (k: string, v: string): void => {
      if (v.trim()) p.set(k, v.trim());
    };
    set('q', search.value);
    set('agent', agent.value);
    set('service', service.value);
    set('model', model.value);
    set('id', id.value);
    if (from.value) p.set('from', String(new Date(from.value).getTime()));
    if (to.value) p.set('to', String(new Date(to.value).getTime()));
    if (filter.value === 'errors') p.set('errors', '1');
    return p.toString();
  };
  let ticket = 0;
  const load = async (): Promise<void> => {
    const mine = ++ticket;
    const data = await getJson<ListResponse>(`/api/conversations?${query()}`);
    if (mine !== ticket) return;
    const rows =
      filter.value === 'branched'
        ? data.conversations.filter((r) => r.lanes > 1 || r.forkedFrom || r.forks > 0)
        : data.conversations;
    tbody.replaceChildren(...rows.map(row));
    count.textContent =
      data.total > data.conversations.length
        ? `${rows.length} of the newest ${data.conversations.length} (${data.total} match)`
        : `${rows.length} conversation${rows.length === 1 ? '' : 's'}`;
    empty.textContent = `No conversations found in ${data.source}${query().includes('&') ? ' matching these filters' : ''}. Send spans to the receiver, or point --jaeger at a Jaeger.`;
    warnings.replaceChildren(...data.warnings.map((w) => h('p', { class: 'warning', text: w })));
    empty.hidden = rows.length > 0;
    table.hidden = rows.length === 0;
    shell.ready();
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const reload = (delay: number): void => {
    document.body.dataset.ready = 'false';
    clearTimeout(timer);
    timer = setTimeout(() => {
      void load().catch((err: unknown) => {
        warnings.replaceChildren(
          h('p', { class: 'warning', text: `Could not load: ${(err as Error).message}` }),
        );
        shell.ready();
      });
    }, delay);
  };
  for (const el of [search, agent, service, model, id]) el.addEventListener('input', () => reload(150));
  for (const el of [from, to, filter]) el.addEventListener('change', () => reload(0));
  root.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', { text: 'Conversations' }), count),
    warnings,
    h('div', { class: 'toolbar' }, search, filter),
    h('div', { class: 'toolbar finder', data: { testid: 'finder' } }, agent, service, model, id, from, to),
    table,
    empty,
  );
  await load();
  shell.onLeave(onChanges(() => reload(250)));
}
