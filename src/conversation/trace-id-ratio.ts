/**
 * Keeps `ratio` of traces by their id's last 8 hex digits (the fallback for traces that never learn a
 * conversation id); ratio ≥ 1 keeps all, ≤ 0 none.
 */
export function traceIdKept(traceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (!(ratio > 0)) return false;
  return Number.parseInt(traceId.slice(-8), 16) / 2 ** 32 < ratio;
}
