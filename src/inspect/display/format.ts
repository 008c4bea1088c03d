/** Number, duration and time formatting shared by the terminal renderer and the web page. Import-free. */

/** `1,234` style integer. */
export function formatInt(n: number): string {
  return INT_FORMAT.format(Math.round(n));
}

const INT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `830ms`, `1.24s`, `2m05s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1) return `${Math.round(ms * 1000)}µs`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)}s`;
  if (ms < 3_600_000) {
    const m = Math.floor(ms / 60_000);
    return `${m}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
  }
  const h = Math.floor(ms / 3_600_000);
  return `${h}h${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}m`;
}

/** `2026-11-22 19:02:03` in UTC. */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** `19:02:03.120` in UTC. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return new Date(ms).toISOString().slice(11, 23);
}

/** `in→out` token pair. */
export function formatTokens(u: { inputTokens: number; outputTokens: number }): string {
  return `${formatInt(u.inputTokens)}→${formatInt(u.outputTokens)}`;
}

/**
 * `$0.0123`-style cost (4 significant decimals below a cent, 2 above a dollar); `?` when nothing was
 * priced, and a trailing `+?` when some models had no price (their tokens are not in the amount).
 */
export function formatCost(cost: { usd: number; unpriced: readonly string[] }): string {
  if (cost.usd === 0 && cost.unpriced.length > 0) return '?';
  const usd = cost.usd;
  const digits = usd >= 1 ? 2 : usd >= 0.01 ? 3 : usd === 0 ? 2 : 4;
  return `$${usd.toFixed(digits)}${cost.unpriced.length > 0 ? '+?' : ''}`;
}
