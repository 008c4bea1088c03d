import { formatCost } from '../display/format.ts';
import { type BarRow, layoutBars } from '../display/span-layout.ts';
import type { ConversationSummary } from '../model/conversation-list.ts';
import { type Conversation, forEachNode, type SpanNode, type Turn } from '../model/conversation-model.ts';
import { BUILTIN_PRICES, costOf, type PriceTable } from '../model/prices.ts';
import type { SpanCategory } from '../model/span-classify.ts';
import {
  clean,
  fitText,
  formatClock,
  formatDuration,
  formatTime,
  formatTokens,
  painter,
  type Style,
} from './text-style.ts';

/** Options of the text renderers. */
export interface TextRenderOptions {
  /** Terminal width in columns. Default 100; values below 50 are treated as 50. */
  width?: number;
  /** ANSI colour. Default false. */
  color?: boolean;
  /** Prices for the cost figures. Default: the built-in table. */
  prices?: PriceTable;
}

const CATEGORY_STYLE: Record<SpanCategory, Style> = {
  agent: 'magenta',
  model: 'cyan',
  tool: 'yellow',
  downstream: 'blue',
  other: 'gray',
};

const BAR_CHARS: Record<SpanCategory, string> = {
  agent: '█',
  model: '█',
  tool: '█',
  downstream: '▓',
  other: '░',
};

/** Label of a span in the tree: `chat gpt-4o` (span name) plus the service when it left the agent's. */
function spanLabel(n: SpanNode, agentService: string): string {
  const svc = n.serviceName !== agentService ? ` [${n.serviceName}]` : '';
  return clean(`${n.name || '(unnamed)'}${svc}`);
}

const tokens = formatTokens;

/** A bar from the shared layout (a child never starts left of its parent). */
function bar(row: BarRow<SpanNode> | undefined, category: SpanCategory, width: number): string {
  const start = Math.min(Math.floor((row?.start ?? 0) * width), width - 1);
  const end = Math.min(width, start + Math.max(1, Math.round(((row?.end ?? 0) - (row?.start ?? 0)) * width)));
  return ' '.repeat(start) + BAR_CHARS[category].repeat(end - start) + ' '.repeat(width - end);
}

function turnHeader(t: Turn, paint: ReturnType<typeof painter>, prices: PriceTable): string {
  const parts = [
    `${paint(`#${t.index}`, 'bold')} ${paint(formatClock(t.startMs), 'dim')}`,
    t.agentName ? paint(clean(t.agentName), 'magenta') : '',
    formatDuration(t.durationMs),
    `${tokens(t.usage)} tokens`,
    formatCost(costOf(t.usageByModel, prices)),
    `${t.modelCalls} model · ${t.toolCalls} tool`,
    t.errors > 0 ? paint(`${t.errors} error${t.errors > 1 ? 's' : ''}`, 'red', 'bold') : '',
  ].filter(Boolean);
  return parts.join(' · ');
}

function forkNote(t: Turn, paint: ReturnType<typeof painter>): string | undefined {
  if (t.branchFrom !== undefined) return paint(`↳ branch of #${t.branchFrom} (lane ${t.lane})`, 'yellow');
  if (t.forkedFrom) {
    const conv = t.forkedFrom.conversationId
      ? `conversation ${clean(t.forkedFrom.conversationId)}`
      : 'another conversation';
    const run = t.forkedFrom.runId ? ` run ${clean(t.forkedFrom.runId)}` : '';
    return paint(`↖ forked from ${conv}${run}`, 'yellow');
  }
  return undefined;
}

function renderTurn(t: Turn, width: number, paint: ReturnType<typeof painter>, prices: PriceTable): string[] {
  const indent = '  '.repeat(Math.min(t.lane, 4));
  const lines = [
    indent + turnHeader(t, paint, prices),
    `${indent}   ${paint(`run ${clean(t.runId)}`, 'dim')}`,
  ];
  const note = forkNote(t, paint);
  if (note) lines.push(`${indent}   ${note}`);
  const inner = width - indent.length - 3;
  if (t.prompt)
    lines.push(`${indent}   ${paint('user', 'green')}  ${fitText(clean(t.prompt), inner - 6)}`.trimEnd());
  if (t.output)
    lines.push(`${indent}   ${paint('agent', 'magenta')} ${fitText(clean(t.output), inner - 6)}`.trimEnd());
  const durW = 8;
  const tokW = 13;
  const barW = inner >= 90 ? 30 : inner >= 70 ? 20 : 0;
  const nameW = inner - durW - tokW - barW - (barW ? 3 : 2);
  const agentService = t.spans[0]?.serviceName ?? '';
  const bars = new Map(barW ? layoutBars(t.spans, t.startMs, t.endMs).map((r) => [r.node, r]) : []);
  // Tree prefixes: track, per depth, whether the ancestor at that depth was a last child.
  const lastAt: boolean[] = [];
  const isLast = new Map<SpanNode, boolean>();
  forEachNode(t.spans, (n, depth) => {
    for (const [i, c] of n.children.entries()) isLast.set(c, i === n.children.length - 1);
    lastAt[depth] = isLast.get(n) ?? true;
    let prefix = '';
    for (let d = 1; d < depth; d++) prefix += lastAt[d] ? '   ' : '│  ';
    if (depth > 0) prefix += lastAt[depth] ? '└─ ' : '├─ ';
    const style = n.status.code === 'error' ? 'red' : CATEGORY_STYLE[n.category];
    const name = fitText(prefix + spanLabel(n, agentService), nameW);
    const dur = fitText(formatDuration(n.durationMs), durW, 'right');
    const tok = fitText(n.usage && n.category !== 'agent' ? tokens(n.usage) : '', tokW, 'right');
    const mark = n.status.code === 'error' ? paint('✗', 'red', 'bold') : ' ';
    const barText = barW ? ` ${paint(bar(bars.get(n), n.category, barW), style)}` : '';
    lines.push(`${indent}   ${paint(name, style)}${barText} ${dur}${tok}${mark}`.trimEnd());
  });
  return lines;
}

/**
 * Renders one conversation as a terminal timeline: a header with totals, then each turn (ordered by
 * start; branches indented by lane, forks marked ↳ ↖ ↗) with its span tree, a bar per span scaled to the
 * turn, durations and tokens (input→output). Every line fits `width`; all span text is scrubbed of
 * control characters. Structure does not depend on `color`.
 */
export function renderConversationText(c: Conversation, options: TextRenderOptions = {}): string {
  const width = Math.max(50, Math.floor(options.width ?? 100));
  const paint = painter(options.color ?? false);
  const prices = options.prices ?? BUILTIN_PRICES;
  const cost = costOf(c.usageByModel, prices);
  const out: string[] = [];
  out.push(`${paint('Conversation', 'bold')} ${clean(c.id)}`);
  out.push(
    [
      `${c.turns.length} turn${c.turns.length === 1 ? '' : 's'}`,
      `${c.spanCount} spans`,
      `${c.traceIds.length} trace${c.traceIds.length === 1 ? '' : 's'}`,
      `tokens ${tokens(c.usage)}`,
      `cost ${formatCost(cost)}`,
      c.errors > 0 ? paint(`${c.errors} error${c.errors > 1 ? 's' : ''}`, 'red', 'bold') : '0 errors',
      formatDuration(c.durationMs),
    ].join(' · '),
  );
  if (c.models.length > 0) out.push(`models ${clean(c.models.join(', '))}`);
  if (c.agents.length > 0) out.push(`agents ${clean(c.agents.join(', '))}`);
  out.push(
    paint(
      `prices as of ${prices.asOf}${cost.unpriced.length > 0 ? `; no price for ${clean(cost.unpriced.join(', '))} (+?)` : ''}`,
      'dim',
    ),
  );
  out.push(`${formatTime(c.startMs)} → ${formatTime(c.endMs)} UTC`);
  if (c.forkedFrom?.conversationId)
    out.push(paint(`↖ forked from ${clean(c.forkedFrom.conversationId)}`, 'yellow'));
  for (const f of c.forks) {
    out.push(
      paint(
        `↗ forked into ${clean(f.conversationId)}${f.fromRunId ? ` (from run ${clean(f.fromRunId)})` : ''}`,
        'yellow',
      ),
    );
  }
  for (const t of c.turns) {
    out.push('');
    out.push(...renderTurn(t, width, paint, prices));
  }
  if (c.other.length > 0) {
    out.push('', paint('outside any turn', 'dim'));
    forEachNode(c.other, (n, depth) => {
      out.push(
        `   ${fitText(`${'  '.repeat(depth)}${clean(n.name)} [${clean(n.serviceName)}]`, width - 14)} ${fitText(formatDuration(n.durationMs), 10, 'right')}`,
      );
    });
  }
  return `${out.map((l) => clipAnsi(l, width)).join('\n')}\n`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes start with ESC
const ANSI_RE = /\u001b\[[0-9;]*m/g;

/** Cuts a line (that may hold ANSI codes) to `width` visible columns. */
function clipAnsi(line: string, width: number): string {
  // Fast path: most lines already fit (code units ≥ visible columns, so this never under-counts).
  if (line.length <= width || line.replace(ANSI_RE, '').length <= width) return line;
  let visible = 0;
  let out = '';
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '\u001b') {
      const end = line.indexOf('m', i);
      out += line.slice(i, end + 1);
      i = end;
      continue;
    }
    if (visible >= width) continue;
    const cp = line.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    if (ch.length === 2) i++;
    out += ch;
    visible++;
  }
  return out;
}

/** Renders the conversation list as a table fitting `width`. */
export function renderConversationListText(
  rows: readonly ConversationSummary[],
  options: TextRenderOptions = {},
): string {
  const width = Math.max(50, Math.floor(options.width ?? 100));
  const paint = painter(options.color ?? false);
  if (rows.length === 0) return 'No conversations found.\n';
  const prices = options.prices ?? BUILTIN_PRICES;
  const idW = Math.min(36, Math.max(12, width - 70));
  const head = `${fitText('CONVERSATION', idW)} ${fitText('TURNS', 5, 'right')} ${fitText('TOKENS in→out', 15, 'right')} ${fitText('COST', 9, 'right')} ${fitText('ERR', 4, 'right')}  ${fitText('LAST ACTIVITY', 19)}  MODELS`;
  const lines = [paint(clipAnsi(head, width), 'bold')];
  for (const r of rows) {
    const err = fitText(String(r.errors), 4, 'right');
    const cost = r.usageByModel ? formatCost(costOf(r.usageByModel, prices)) : '?';
    const line = `${fitText(clean(r.id), idW)} ${fitText(String(r.turns), 5, 'right')} ${fitText(tokens(r.usage), 15, 'right')} ${fitText(cost, 9, 'right')} ${r.errors > 0 ? paint(err, 'red') : err}  ${fitText(formatTime(r.endMs), 19)}  ${clean(r.models.join(','))}`;
    lines.push(clipAnsi(line, width));
  }
  return `${lines.join('\n')}\n`;
}
