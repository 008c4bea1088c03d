import {
  ATTR_CONVTRACE_HISTORY_RUN_ID,
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_NAME,
} from '../../conversation/keys.ts';
import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES } from '../../semconv/attributes.ts';
import { messageText, parseChatMessages } from '../display/messages.ts';
import { addModelUsage, type UsageByModel } from './prices.ts';
import { addUsage, classifySpan, emptyUsage, type TokenUsage } from './span-classify.ts';
import { spanConversation } from './span-conversation.ts';
import { nanosToMillis, type SpanRecord, stringAttr } from './span-record.ts';
import { buildForest, byStart, forEachNode, type SpanNode, toNode } from './span-tree.ts';

export { forEachNode, type SpanNode } from './span-tree.ts';

/**
 * Conversation → turns → spans.
 *
 * - A conversation is every trace holding a span with its `gen_ai.conversation.id` (convtrace stamps
 *   the id on every span of a run, so whole traces are found by it, downstream services included).
 * - A turn is one run: each span belongs to the outermost `gen_ai.agent.call.id` on its ancestor chain,
 *   so a sub-agent's run stays nested inside the turn that called it. Spans above every run (e.g. an
 *   HTTP request wrapping one) are kept apart in `other`. A trace with no run id at all (Mastra,
 *   pydantic-ai, OpenInference, the AI SDK) is one turn.
 * - Branches and forks cannot be read from the ids alone (a fork mints a fresh conversation id). They
 *   come from two convtrace attributes on the `invoke_agent` span: `convtrace.history.run_id` (the run
 *   the history ended with) and `convtrace.history.conversation_id` (the id found on that history).
 *   A turn continuing a run that is not the latest of its lane opens a new lane (`branchFrom`); a turn
 *   whose history came from another conversation is `forkedFrom` it; the origin lists it in `forks`.
 *   Without these attributes turns are shown as one linear lane in start order.
 */

/** Where a conversation or turn was forked from. */
export interface ForkRef {
  /** The history's conversation id. */
  conversationId?: string;
  /** The run (turn) the history ended with. */
  runId?: string;
}

/** A run of another conversation that forked from this one. */
export interface ForkChild {
  conversationId: string;
  runId: string;
  /** The turn of this conversation it continued from. */
  fromRunId?: string;
  startMs: number;
}

/** One turn: one agent run (`gen_ai.agent.call.id`). */
export interface Turn {
  /** 1-based position by start time. */
  index: number;
  runId: string;
  agentName?: string;
  traceIds: string[];
  startMs: number;
  endMs: number;
  durationMs: number;
  /** Top-level spans of the turn (usually the one `invoke_agent` span). */
  spans: SpanNode[];
  spanCount: number;
  /** Tokens of the turn's model calls (outermost model spans only, so nested duplicates don't count twice). */
  usage: TokenUsage;
  /** {@link usage} split by model (`''`: spans that named none), for pricing. */
  usageByModel: UsageByModel;
  /** Spans with status ERROR. */
  errors: number;
  models: string[];
  modelCalls: number;
  toolCalls: number;
  /** Run this turn continued from (`convtrace.history.run_id`), when recorded. */
  parentRunId?: string;
  /** Branch lane: 0 is the main line; a turn that continues an earlier (not the latest) turn opens a lane. */
  lane: number;
  /** Index of the turn this one branched from, when it does not continue the previous turn of its lane. */
  branchFrom?: number;
  /** Set when the turn's history came from another conversation. */
  forkedFrom?: ForkRef;
  /** Last user message of the turn's first model call, when content was captured. */
  prompt?: string;
  /** Assistant text of the turn's last model call, when content was captured. */
  output?: string;
}

/** A conversation: every turn sharing one `gen_ai.conversation.id`, across all their traces. */
export interface Conversation {
  id: string;
  turns: Turn[];
  startMs: number;
  endMs: number;
  durationMs: number;
  usage: TokenUsage;
  /** {@link usage} split by model, for pricing. */
  usageByModel: UsageByModel;
  errors: number;
  models: string[];
  agents: string[];
  /** `service.name` of every span, sorted. */
  services: string[];
  spanCount: number;
  traceIds: string[];
  /** Number of branch lanes (1 = linear). */
  lanes: number;
  forkedFrom?: ForkRef;
  /** Runs of other conversations forked from this one. */
  forks: ForkChild[];
  /** Spans of the conversation's traces outside every turn (e.g. an HTTP request wrapping a run). */
  other: SpanNode[];
}

interface TurnDraft {
  runId: string;
  records: SpanRecord[];
}

/**
 * Finds each span's turn: the outermost run id (`gen_ai.agent.call.id`) on its ancestor chain, so
 * sub-agent runs stay nested. A trace without any run id (producers that do not mint one) is one turn,
 * keyed by its trace id.
 */
function assignRuns(records: SpanRecord[]): Map<string, TurnDraft> & { other?: SpanRecord[] } {
  const byKey = new Map<string, SpanRecord>();
  const tracesWithRuns = new Set<string>();
  for (const r of records) {
    byKey.set(`${r.traceId}/${r.spanId}`, r);
    if (stringAttr(r.attributes, ATTR_GEN_AI_AGENT_CALL_ID)) tracesWithRuns.add(r.traceId);
  }
  const PENDING = 0; // marks spans on the chain being resolved (a revisit means a parent cycle)
  const memo = new Map<SpanRecord, string | null | typeof PENDING>();
  const chain: SpanRecord[] = [];
  // Iterative (no recursion): walk up to a resolved ancestor or the root, then resolve downwards.
  const runOf = (start: SpanRecord): string | null => {
    let cur: SpanRecord | undefined = start;
    let inherited: string | null = null;
    chain.length = 0;
    while (cur) {
      const cached = memo.get(cur);
      if (cached === PENDING) break; // parent cycle: treat as a root
      if (cached !== undefined) {
        inherited = cached;
        break;
      }
      memo.set(cur, PENDING);
      chain.push(cur);
      cur = cur.parentSpanId ? byKey.get(`${cur.traceId}/${cur.parentSpanId}`) : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const r = chain[i]!;
      inherited = inherited ?? stringAttr(r.attributes, ATTR_GEN_AI_AGENT_CALL_ID) ?? null;
      memo.set(r, inherited);
    }
    const own = memo.get(start);
    return own === PENDING || own === undefined ? null : own;
  };
  const drafts = new Map<string, TurnDraft>() as Map<string, TurnDraft> & { other?: SpanRecord[] };
  const other: SpanRecord[] = [];
  for (const r of records) {
    const run = tracesWithRuns.has(r.traceId) ? runOf(r) : r.traceId;
    if (run === null) {
      other.push(r);
      continue;
    }
    let d = drafts.get(run);
    if (!d) {
      d = { runId: run, records: [] };
      drafts.set(run, d);
    }
    d.records.push(r);
  }
  drafts.other = other;
  return drafts;
}

function summarizeTurn(draft: TurnDraft): Turn {
  const nodes = draft.records.map(toNode);
  const spans = buildForest(nodes);
  const usage = emptyUsage();
  const usageByModel: UsageByModel = {};
  let errors = 0;
  let modelCalls = 0;
  let toolCalls = 0;
  const models = new Set<string>();
  const traceIds = new Set<string>();
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  let agentUsage: TokenUsage | undefined;
  const modelNodes: SpanNode[] = [];
  const insideModel = new Set<SpanNode>();
  forEachNode(spans, (n) => {
    if (n.status.code === 'error') errors++;
    traceIds.add(n.traceId);
    startMs = Math.min(startMs, n.startMs);
    endMs = Math.max(endMs, n.startMs + n.durationMs);
    const isModel = n.category === 'model';
    if (isModel && !insideModel.has(n)) {
      modelCalls++;
      modelNodes.push(n);
      if (n.usage) {
        addUsage(usage, n.usage);
        addModelUsage(usageByModel, n.model ?? '', n.usage);
      }
    }
    if (isModel && n.model) models.add(n.model);
    if (n.category === 'tool') toolCalls++;
    if (n.category === 'agent' && n.usage && !agentUsage) agentUsage = n.usage;
    if (isModel || insideModel.has(n)) for (const c of n.children) insideModel.add(c);
  });
  if (modelCalls === 0 && agentUsage) {
    addUsage(usage, agentUsage);
    addModelUsage(usageByModel, '', agentUsage);
  }
  const agentSpan = nodes.find(
    (n) => n.category === 'agent' && n.attributes[ATTR_GEN_AI_AGENT_CALL_ID] === draft.runId,
  );
  const anchor = agentSpan ?? nodes.find((n) => n.category === 'agent') ?? spans[0]!;
  const turn: Turn = {
    index: 0,
    runId: draft.runId,
    traceIds: [...traceIds],
    startMs,
    endMs,
    durationMs: endMs - startMs,
    spans,
    spanCount: nodes.length,
    usage,
    usageByModel,
    errors,
    models: [...models].sort(),
    modelCalls,
    toolCalls,
    lane: 0,
  };
  const agentName = stringAttr(anchor.attributes, ATTR_GEN_AI_AGENT_NAME);
  if (agentName) turn.agentName = agentName;
  const parentRunId = stringAttr(anchor.attributes, ATTR_CONVTRACE_HISTORY_RUN_ID);
  if (parentRunId) turn.parentRunId = parentRunId;
  modelNodes.sort(byStart);
  const first = modelNodes[0];
  const last = modelNodes[modelNodes.length - 1];
  if (first) {
    const users = parseChatMessages(first.attributes[ATTR_GEN_AI_INPUT_MESSAGES]).filter(
      (m) => m.role === 'user',
    );
    const text = users.length > 0 ? messageText(users[users.length - 1]!) : '';
    if (text) turn.prompt = text;
  }
  if (last) {
    const text = parseChatMessages(last.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]).map(messageText).join('\n');
    if (text) turn.output = text;
  }
  return turn;
}

/** Trace ids ordered by their earliest span start, then id — independent of arrival order. */
function orderTraces(records: readonly SpanRecord[]): string[] {
  const first = new Map<string, number>();
  for (const r of records) {
    const t = nanosToMillis(r.startTimeUnixNano);
    const prev = first.get(r.traceId);
    if (prev === undefined || t < prev) first.set(r.traceId, t);
  }
  return [...first].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

/** Lanes and fork marks (see the {@link Turn} fields). Turns must be sorted by start. */
function assignLanes(turns: Turn[], conversationId: string, historyConv: Map<string, string>): number {
  const byRun = new Map(turns.map((t) => [t.runId, t]));
  const tips: string[] = [];
  let prev: Turn | undefined;
  for (const t of turns) {
    const parent = t.parentRunId ? byRun.get(t.parentRunId) : undefined;
    const hConv = historyConv.get(t.runId);
    if (t.parentRunId && !parent) {
      t.forkedFrom = { runId: t.parentRunId };
      if (hConv && hConv !== conversationId) t.forkedFrom.conversationId = hConv;
    } else if (hConv && hConv !== conversationId) t.forkedFrom = { conversationId: hConv };
    if (parent && tips[parent.lane] !== parent.runId) {
      t.lane = tips.length;
      t.branchFrom = parent.index;
    } else if (parent) t.lane = parent.lane;
    else if (t.forkedFrom && prev) {
      t.lane = tips.length;
    } else t.lane = prev ? prev.lane : 0;
    tips[t.lane] = t.runId;
    prev = t;
  }
  return Math.max(1, tips.length);
}

/**
 * Groups spans into one conversation. `spans` may hold more (other conversations, duplicates); the
 * conversation is every trace with a span whose `gen_ai.conversation.id` is `conversationId`. Turns are
 * the runs (`gen_ai.agent.call.id`, outermost per span) of that conversation, ordered by start. Returns
 * undefined when no span carries the id.
 */
export function assembleConversation(
  spans: readonly SpanRecord[],
  conversationId: string,
): Conversation | undefined {
  const traces = new Set<string>();
  const forks = new Map<string, ForkChild>();
  for (const s of spans) {
    const { id: conv, forkOrigin } = spanConversation(s.attributes);
    if (conv === conversationId) traces.add(s.traceId);
    else if (conv !== undefined && forkOrigin === conversationId) {
      const runId = stringAttr(s.attributes, ATTR_GEN_AI_AGENT_CALL_ID);
      if (runId && classifySpan(s) === 'agent' && !forks.has(runId)) {
        const fork: ForkChild = { conversationId: conv, runId, startMs: nanosToMillis(s.startTimeUnixNano) };
        const from = stringAttr(s.attributes, ATTR_CONVTRACE_HISTORY_RUN_ID);
        if (from) fork.fromRunId = from;
        forks.set(runId, fork);
      }
    }
  }
  if (traces.size === 0) return undefined;
  const seen = new Set<string>();
  const records: SpanRecord[] = [];
  for (const s of spans) {
    if (!traces.has(s.traceId)) continue;
    const key = `${s.traceId}/${s.spanId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    records.push(s);
  }
  const drafts = assignRuns(records);
  const historyConv = new Map<string, string>();
  const turns: Turn[] = [];
  for (const d of drafts.values()) {
    let convOfRun: string | undefined;
    for (const r of d.records) {
      convOfRun = spanConversation(r.attributes).id;
      if (convOfRun !== undefined) break;
    }
    if (convOfRun !== undefined && convOfRun !== conversationId) continue; // a fork's run
    const agent = d.records.find(
      (r) => r.attributes[ATTR_GEN_AI_AGENT_CALL_ID] === d.runId && classifySpan(r) === 'agent',
    );
    const h = agent ? spanConversation(agent.attributes).forkOrigin : undefined;
    if (h) historyConv.set(d.runId, h);
    turns.push(summarizeTurn(d));
  }
  turns.sort((a, b) => a.startMs - b.startMs || (a.runId < b.runId ? -1 : 1));
  turns.forEach((t, i) => {
    t.index = i + 1;
  });
  const lanes = assignLanes(turns, conversationId, historyConv);
  const other = buildForest((drafts.other ?? []).map(toNode));
  const usage = emptyUsage();
  const usageByModel: UsageByModel = {};
  const models = new Set<string>();
  const agents = new Set<string>();
  const services = new Set(records.map((r) => r.serviceName));
  let errors = 0;
  const otherRecords = drafts.other ?? [];
  let spanCount = otherRecords.length;
  for (const r of otherRecords) if (r.status.code === 'error') errors++;
  let startMs = Number.POSITIVE_INFINITY;
  let endMs = Number.NEGATIVE_INFINITY;
  for (const t of turns) {
    addUsage(usage, t.usage);
    for (const [m, u] of Object.entries(t.usageByModel)) addModelUsage(usageByModel, m, u);
    for (const m of t.models) models.add(m);
    if (t.agentName) agents.add(t.agentName);
    errors += t.errors;
    spanCount += t.spanCount;
    startMs = Math.min(startMs, t.startMs);
    endMs = Math.max(endMs, t.endMs);
  }
  for (const o of other) {
    startMs = Math.min(startMs, o.startMs);
    endMs = Math.max(endMs, o.startMs + o.durationMs);
  }
  const conversation: Conversation = {
    id: conversationId,
    turns,
    startMs,
    endMs,
    durationMs: endMs - startMs,
    usage,
    usageByModel,
    errors,
    models: [...models].sort(),
    agents: [...agents].sort(),
    services: [...services].sort(),
    spanCount,
    traceIds: orderTraces(records),
    lanes,
    forks: [...forks.values()].sort((a, b) => a.startMs - b.startMs || (a.runId < b.runId ? -1 : 1)),
    other,
  };
  if (turns[0]?.forkedFrom) conversation.forkedFrom = turns[0].forkedFrom;
  return conversation;
}
