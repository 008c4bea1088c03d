import type { ChatMessage, ChatPart } from '../display/messages.ts';
import { h } from './dom.ts';

/** Renders one message part: text as pre-wrapped text, tool calls and results as labelled code. */
function renderPart(p: ChatPart): HTMLElement {
  if (p.type === 'tool_call') {
    return h(
      'div',
      { class: 'part tool-call' },
      h('div', { class: 'part-label', text: `→ call ${p.name ?? 'tool'}${p.id ? ` · ${p.id}` : ''}` }),
      p.data ? h('pre', { class: 'code', text: p.data }) : null,
    );
  }
  if (p.type === 'tool_call_response') {
    return h(
      'div',
      { class: 'part tool-result' },
      h('div', { class: 'part-label', text: `← result${p.id ? ` · ${p.id}` : ''}` }),
      h('pre', { class: 'code', text: p.data ?? p.content ?? '' }),
    );
  }
  if (p.type === 'text') return h('div', { class: 'part text', text: p.content ?? '' });
  return h(
    'div',
    { class: 'part other' },
    h('div', { class: 'part-label', text: p.type }),
    h('pre', { class: 'code', text: p.content ?? p.data ?? '' }),
  );
}

/**
 * A chat transcript: one bubble per message, aligned by role (user right, everything else left).
 * All content goes in as text.
 */
export function renderTranscript(messages: readonly ChatMessage[]): HTMLElement {
  const list = h('div', { class: 'transcript', data: { testid: 'transcript' } });
  for (const m of messages) {
    const role = /^[a-z_]+$/.test(m.role) ? m.role : 'unknown';
    list.append(
      h(
        'div',
        { class: `msg role-${role}`, data: { testid: 'message', role } },
        h('div', { class: 'msg-role', text: m.finishReason ? `${m.role} · ${m.finishReason}` : m.role }),
        ...m.parts.map(renderPart),
      ),
    );
  }
  return list;
}
