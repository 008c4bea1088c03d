import { formatDuration } from './format.ts';

/**
 * Tick marks for one turn's own time axis (0 at the turn's start). The step is the smallest 1-2-5
 * multiple that keeps ticks at least `minGapPx` apart at the track's pixel width, and a tick whose
 * label would run past the right edge is dropped — so labels of at most `minGapPx` never overlap.
 * Import-free apart from the formatter: the page and tests share it.
 */

/** One tick: time since the axis start, its position (0..1) and its label. */
export interface Tick {
  offsetMs: number;
  fraction: number;
  label: string;
}

const STEPS = [1, 2, 5];

/** The tick step (ms) for a duration drawn `widthPx` wide. */
export function tickStep(durationMs: number, widthPx: number, minGapPx: number): number {
  const span = Math.max(durationMs, 1e-3);
  const minStep = (span * minGapPx) / Math.max(widthPx, 1);
  for (let exp = -3; exp < 12; exp++) {
    for (const s of STEPS) {
      const step = s * 10 ** exp;
      if (step >= minStep) return step;
    }
  }
  return span;
}

/** Ticks from 0 to `durationMs` for a track `widthPx` wide whose labels are at most `minGapPx` wide. */
export function timeTicks(durationMs: number, widthPx: number, minGapPx = 72): Tick[] {
  const span = Math.max(durationMs, 1e-3);
  const step = tickStep(span, widthPx, minGapPx);
  const ticks: Tick[] = [];
  for (let i = 0; i * step <= span + 1e-9; i++) {
    const offsetMs = i * step;
    const fraction = offsetMs / span;
    if (i > 0 && fraction * widthPx + minGapPx > widthPx) break;
    ticks.push({ offsetMs, fraction, label: i === 0 ? '0' : `+${formatDuration(offsetMs)}` });
  }
  return ticks;
}
