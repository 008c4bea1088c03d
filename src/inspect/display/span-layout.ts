/**
 * Bars of a turn's span tree on the turn's own time window. A child is never drawn starting left of its
 * parent: clock skew between services (or a producer's rounding) can put a child's start before its
 * parent's, and a bar there would misread as "started first". Such a child is clamped to its parent's
 * start and marked `clamped`, with its real start kept for the label. Pure: the page and tests share it.
 */

/** The part of a span node the layout needs. */
export interface TimedNode<N> {
  startMs: number;
  durationMs: number;
  children: readonly N[];
}

/** One bar: pre-order (parents before children), with its depth and x range as fractions (0..1). */
export interface BarRow<N> {
  node: N;
  depth: number;
  start: number;
  end: number;
  /** The span started before its parent and was drawn from the parent's start. */
  clamped: boolean;
}

/** Lays out `roots` (and their descendants, pre-order) on the window [startMs, endMs]. */
export function layoutBars<N extends TimedNode<N>>(
  roots: readonly N[],
  startMs: number,
  endMs: number,
): BarRow<N>[] {
  const width = Math.max(endMs - startMs, 1e-3);
  const frac = (ms: number): number => Math.min(1, Math.max(0, (ms - startMs) / width));
  const rows: BarRow<N>[] = [];
  const stack: Array<{ node: N; depth: number; parentStart: number }> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i]!, depth: 0, parentStart: 0 });
  while (stack.length > 0) {
    const { node, depth, parentStart } = stack.pop()!;
    const own = frac(node.startMs);
    const start = Math.max(own, parentStart);
    const end = Math.max(start, frac(node.startMs + node.durationMs));
    rows.push({ node, depth, start, end, clamped: own < parentStart });
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i]!, depth: depth + 1, parentStart: start });
  }
  return rows;
}
