import { InvalidArgumentError } from '../../errors.ts';
import type { ConversationSummary } from './conversation-list.ts';

/**
 * Structured filters of the conversation list (all optional, all must hold): exact agent and service
 * names (case-insensitive), a model with its dated snapshots ({@link modelMatches}), errors only,
 * activity overlapping [fromMs, toMs], id containing text.
 */
export interface ListFilter {
  agent?: string;
  service?: string;
  model?: string;
  /** Only conversations with at least one error span. */
  errors?: boolean;
  /** Last activity at or after this time (ms since the epoch). */
  fromMs?: number;
  /** First activity at or before this time (ms since the epoch). */
  toMs?: number;
  /** Conversation id contains this text (case-insensitive). */
  id?: string;
}

const has = (list: readonly string[] | undefined, want: string): boolean =>
  (list ?? []).some((v) => v.toLowerCase() === want.toLowerCase());

/** `gpt-4o` matches `gpt-4o` and its dated snapshots (`gpt-4o-2024-08-06`), not `gpt-4o-mini`. */
export function modelMatches(model: string, want: string): boolean {
  const m = model.toLowerCase();
  const w = want.toLowerCase();
  return m === w || (m.startsWith(`${w}-`) && /\d/.test(m.charAt(w.length + 1)));
}

/** Whether a list row passes `f`. */
export function matchesFilter(row: ConversationSummary, f: ListFilter): boolean {
  if (f.agent && !has(row.agents, f.agent)) return false;
  if (f.service && !has(row.services, f.service)) return false;
  if (f.model && !row.models.some((m) => modelMatches(m, f.model!))) return false;
  if (f.errors && row.errors === 0) return false;
  if (f.fromMs !== undefined && row.endMs < f.fromMs) return false;
  if (f.toMs !== undefined && row.startMs > f.toMs) return false;
  if (f.id && !row.id.toLowerCase().includes(f.id.toLowerCase())) return false;
  return true;
}

function time(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name)?.trim();
  if (!raw) return undefined;
  const n = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(n))
    throw new InvalidArgumentError(name, `"${raw}" is not a time (ms since the epoch or ISO 8601)`);
  return n;
}

/**
 * Reads a {@link ListFilter} from query parameters `agent`, `service`, `model`, `errors` (`1`/`true`),
 * `from`, `to` (ms since the epoch or ISO 8601) and `id`. Throws {@link InvalidArgumentError} naming a
 * bad parameter.
 */
export function parseListFilter(params: URLSearchParams): ListFilter {
  const f: ListFilter = {};
  for (const key of ['agent', 'service', 'model', 'id'] as const) {
    const v = params.get(key)?.trim();
    if (v) f[key] = v;
  }
  const errors = params.get('errors');
  if (errors !== null && errors !== '') {
    if (!['1', 'true', '0', 'false'].includes(errors))
      throw new InvalidArgumentError('errors', 'must be 1, true, 0 or false');
    if (errors === '1' || errors === 'true') f.errors = true;
  }
  const from = time(params, 'from');
  const to = time(params, 'to');
  if (from !== undefined) f.fromMs = from;
  if (to !== undefined) f.toMs = to;
  if (from !== undefined && to !== undefined && from > to)
    throw new InvalidArgumentError('from', 'is after to');
  return f;
}
