import {
  classifySpan,
  type SpanCategory,
  spanModel,
  spanTool,
  spanUsage,
  type TokenUsage,
} from './span-classify.ts';
import { type AttributeMap, nanosToMillis, type SpanEventRecord, type SpanRecord } from './span-record.ts';

/** Span trees: nodes, linking by parent id (cycle-safe), and non-recursive traversal. */

/** One span in a turn's tree. */
export interface SpanNode {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: SpanRecord['kind'];
  category: SpanCategory;
  serviceName: string;
  /** Start, ms since the epoch (µs precision). */
  startMs: number;
  /** Duration in ms (never negative). */
  durationMs: number;
  status: SpanRecord['status'];
  /** Model used (model spans). */
  model?: string;
  /** Tool run (tool spans). */
  tool?: string;
  /** Tokens this span reports. */
  usage?: TokenUsage;
  attributes: AttributeMap;
  events: SpanEventRecord[];
  /** Child spans, by start time. */
  children: SpanNode[];
}

/** Converts a span record into an (unlinked) tree node. */
export function toNode(s: SpanRecord): SpanNode {
  const startMs = nanosToMillis(s.startTimeUnixNano);
  const category = classifySpan(s);
  const node: SpanNode = {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    name: s.name,
    kind: s.kind,
    category,
    serviceName: s.serviceName,
    startMs,
    durationMs: Math.max(0, nanosToMillis(s.endTimeUnixNano) - startMs),
    status: s.status,
    attributes: s.attributes,
    events: s.events,
    children: [],
  };
  if (category === 'model') {
    const model = spanModel(s);
    if (model) node.model = model;
  } else if (category === 'tool') {
    const tool = spanTool(s);
    if (tool) node.tool = tool;
  }
  const usage = spanUsage(s);
  if (usage) node.usage = usage;
  return node;
}

/**
 * Orders siblings by start time, then end time (the one that ended first first). Sorts are stable, so
 * spans that started and ended at the same instant keep their arrival order — the order the producer
 * ended (and exported) them — rather than an arbitrary one such as span id order.
 */
export const byStart = (a: SpanNode, b: SpanNode): number =>
  a.startMs - b.startMs || a.startMs + a.durationMs - (b.startMs + b.durationMs);

/** Links nodes into trees (parent within the same group; parents before children) and returns the roots, siblings ordered by {@link byStart}. */
export function buildForest(nodes: SpanNode[]): SpanNode[] {
  const index = new Map<string, SpanNode>();
  for (const n of nodes) index.set(`${n.traceId}/${n.spanId}`, n);
  const roots: SpanNode[] = [];
  for (const n of nodes) {
    const parent = n.parentSpanId ? index.get(`${n.traceId}/${n.parentSpanId}`) : undefined;
    if (parent && parent !== n) parent.children.push(n);
    else roots.push(n);
  }
  for (const n of nodes) if (n.children.length > 1) n.children.sort(byStart);
  if (countNodes(roots) < nodes.length) breakCycles(nodes, roots);
  return roots.sort(byStart);
}

/** Visits every node of a forest, parents before children, without recursion. */
export function forEachNode(
  roots: readonly SpanNode[],
  visit: (node: SpanNode, depth: number) => void,
): void {
  const stack: Array<[SpanNode, number]> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push([roots[i]!, 0]);
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    visit(n, d);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i]!, d + 1]);
  }
}

function countNodes(roots: readonly SpanNode[]): number {
  let count = 0;
  forEachNode(roots, () => {
    count++;
  });
  return count;
}

/** Parent-id cycles (malformed input) leave nodes unreachable: detach them and make them roots (linear time). */
function breakCycles(nodes: SpanNode[], roots: SpanNode[]): void {
  const reached = new Set<SpanNode>();
  forEachNode(roots, (n) => {
    reached.add(n);
  });
  const parentOf = new Map<SpanNode, SpanNode>();
  for (const m of nodes) for (const c of m.children) parentOf.set(c, m);
  for (const n of nodes) {
    if (reached.has(n)) continue;
    const parent = parentOf.get(n);
    if (parent) parent.children = parent.children.filter((c) => c !== n);
    roots.push(n);
    forEachNode([n], (c) => {
      reached.add(c);
    });
  }
}
