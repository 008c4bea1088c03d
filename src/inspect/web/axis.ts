/**
 * The conversation timeline's x axis. Turns are minutes apart and last seconds, so real time would
 * squash every span into a sliver: the axis keeps each busy interval (merged overlapping turns) to
 * scale and collapses the idle gaps between them to a fixed width.
 */

/** A busy interval or a collapsed gap, placed on the axis (x in percent). */
export interface AxisSegment {
  startMs: number;
  endMs: number;
  x0: number;
  x1: number;
  gap: boolean;
}

/** A piecewise-linear time → percent mapping. */
export interface Axis {
  segments: AxisSegment[];
  /** Percent position of a time. */
  x(ms: number): number;
}

/** Builds the axis from the turns' [start, end] intervals. `gapShare` is each gap's width (percent). */
export function buildAxis(intervals: ReadonlyArray<{ startMs: number; endMs: number }>, gapShare = 3): Axis {
  const sorted = [...intervals]
    .filter((i) => Number.isFinite(i.startMs))
    .sort((a, b) => a.startMs - b.startMs);
  const busy: Array<{ startMs: number; endMs: number }> = [];
  for (const i of sorted) {
    const last = busy[busy.length - 1];
    if (last && i.startMs <= last.endMs) last.endMs = Math.max(last.endMs, i.endMs);
    else busy.push({ startMs: i.startMs, endMs: Math.max(i.endMs, i.startMs) });
  }
  const gaps = Math.max(0, busy.length - 1);
  const busyTotal = busy.reduce((s, b) => s + Math.max(b.endMs - b.startMs, 1e-3), 0);
  const busyWidth = 100 - gaps * gapShare;
  // Every busy interval gets at least a small share so short turns stay visible.
  const minShare = Math.min(4, busyWidth / Math.max(1, busy.length));
  const raw = busy.map((b) => Math.max(b.endMs - b.startMs, 1e-3) / busyTotal);
  const shares = raw.map((r) => Math.max(minShare, r * busyWidth));
  const sum = shares.reduce((s, v) => s + v, 0);
  const scale = sum > 0 ? busyWidth / sum : 1;
  const segments: AxisSegment[] = [];
  let x = 0;
  busy.forEach((b, i) => {
    const w = (shares[i] ?? 0) * scale;
    segments.push({ startMs: b.startMs, endMs: b.endMs, x0: x, x1: x + w, gap: false });
    x += w;
    const next = busy[i + 1];
    if (next) {
      segments.push({ startMs: b.endMs, endMs: next.startMs, x0: x, x1: x + gapShare, gap: true });
      x += gapShare;
    }
  });
  return {
    segments,
    x(ms: number): number {
      if (segments.length === 0) return 0;
      for (const s of segments) {
        if (ms <= s.endMs) {
          if (ms <= s.startMs) return s.x0;
          const f = s.endMs > s.startMs ? (ms - s.startMs) / (s.endMs - s.startMs) : 0;
          return s.x0 + f * (s.x1 - s.x0);
        }
      }
      return 100;
    },
  };
}
