import { formatClock, formatDuration, formatTokens } from '../display/format.ts';
import {
  type ChatMessage,
  parseChatMessages,
  parseSystemInstructions,
  spanContent,
} from '../display/messages.ts';
import type { SpanNode } from '../model/conversation-model.ts';
import type { AttributeValue } from '../model/span-record.ts';
import { h } from './dom.ts';
import { renderTranscript } from './transcript.ts';

const CONTENT_KEYS = ['gen_ai.system_instructions', 'gen_ai.input.messages', 'gen_ai.output.messages'];

function valueText(v: AttributeValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** System instructions, input and output messages of a span, from attributes or the details event. */
export function spanMessages(n: SpanNode): ChatMessage[] {
  const get = (key: string): unknown => spanContent(n.attributes, n.events, key);
  return [
    ...parseSystemInstructions(get('gen_ai.system_instructions')),
    ...parseChatMessages(get('gen_ai.input.messages')),
    ...parseChatMessages(get('gen_ai.output.messages')),
  ];
}

function facts(rows: Array<[string, Node | string | undefined]>): HTMLElement {
  const dl = h('dl', { class: 'facts' });
  for (const [k, v] of rows) {
    if (v === undefined || v === '') continue;
    dl.append(h('dt', { text: k }), h('dd', {}, v));
  }
  return dl;
}

function attrTable(entries: Array<[string, AttributeValue]>, testid: string): HTMLElement {
  const table = h('table', { class: 'attrs', data: { testid } });
  for (const [k, v] of entries)
    table.append(h('tr', {}, h('th', { text: k }), h('td', { text: valueText(v) })));
  return table;
}

function section(title: string, ...body: Array<Node | null>): HTMLElement {
  return h('section', { class: 'detail-section' }, h('h3', { text: title }), ...body);
}

function traceLink(traceId: string, traceUrls: Record<string, string>): Node {
  const url = traceUrls[traceId];
  const code = h('code', { text: traceId });
  return url ? h('span', {}, code, ' ', h('a', { href: url, class: 'ext', text: 'Open in Jaeger ↗' })) : code;
}

/** The detail panel for one span: facts, transcript, GenAI attributes, other attributes, events. */
export function renderSpanDetail(n: SpanNode, traceUrls: Record<string, string>): HTMLElement {
  const genai = Object.entries(n.attributes).filter(
    ([k]) => /^(gen_ai|convtrace|openai)\./.test(k) && !CONTENT_KEYS.includes(k),
  );
  const rest = Object.entries(n.attributes).filter(([k]) => !/^(gen_ai|convtrace|openai)\./.test(k));
  const messages = spanMessages(n);
  const status =
    n.status.code === 'error' ? `error${n.status.message ? `: ${n.status.message}` : ''}` : n.status.code;
  return h(
    'div',
    { class: 'detail-body', data: { testid: 'span-detail' } },
    h('div', { class: `detail-kind cat-${n.category}`, text: n.category }),
    h('h2', { text: n.name || '(unnamed span)' }),
    facts([
      ['service', n.serviceName],
      ['kind', n.kind],
      ['start', formatClock(n.startMs)],
      ['duration', formatDuration(n.durationMs)],
      ['status', h('span', { class: n.status.code === 'error' ? 'status-error' : '', text: status })],
      ['model', n.model],
      ['tool', n.tool],
      ['tokens', n.usage ? formatTokens(n.usage) : undefined],
      ['trace', traceLink(n.traceId, traceUrls)],
      ['span', h('code', { text: n.spanId })],
    ]),
    messages.length > 0 ? section('Messages', renderTranscript(messages)) : null,
    genai.length > 0 ? section('GenAI attributes', attrTable(genai, 'genai-attributes')) : null,
    rest.length > 0 ? section('Attributes', attrTable(rest, 'attributes')) : null,
    n.events.length > 0
      ? section(
          'Events',
          ...n.events.map((e) =>
            h(
              'div',
              { class: 'event' },
              h('div', { class: 'event-name', text: e.name }),
              attrTable(Object.entries(e.attributes), 'event'),
            ),
          ),
        )
      : null,
  );
}
