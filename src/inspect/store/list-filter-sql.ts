import type { ListFilter } from '../model/list-filter.ts';

/** `text` lowercased for a LIKE pattern with `ESCAPE '\\'` (`%` and `_` match themselves). */
function likeText(text: string): string {
  return text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for "contains `text`" (lowercase; `%` and `_` match themselves). */
export function likePattern(text: string): string {
  return `%${likeText(text)}%`;
}

/** Membership test on a JSON array of the stored summary (case-insensitive, exact). */
function inArray(path: string): string {
  return `EXISTS (SELECT 1 FROM json_each(summary, '${path}') WHERE lower(value) = lower(?))`;
}

/**
 * SQL conditions on the `conversations` table (its `summary` JSON and time columns) for a
 * {@link ListFilter}; the same rules as `matchesFilter` in model/list-filter.ts (kept in step by test/inspect/list-filter.test.ts).
 */
export function filterClauses(f: ListFilter): { where: string[]; params: Array<string | number> } {
  const where: string[] = [];
  const params: Array<string | number> = [];
  const add = (clause: string, ...values: Array<string | number>): void => {
    where.push(clause);
    params.push(...values);
  };
  if (f.agent) add(inArray('$.agents'), f.agent);
  if (f.service) add(inArray('$.services'), f.service);
  if (f.model) {
    // modelMatches: the name itself, or a dated snapshot of it (`<name>-<digit>…`).
    add(
      `EXISTS (SELECT 1 FROM json_each(summary, '$.models') WHERE lower(value) = lower(?)
        OR (lower(value) LIKE ? ESCAPE '\\' AND substr(value, ? + 2, 1) GLOB '[0-9]'))`,
      f.model,
      `${likeText(f.model)}-%`,
      f.model.length,
    );
  }
  if (f.errors) add("json_extract(summary, '$.errors') > 0");
  if (f.fromMs !== undefined) add('end_ms >= ?', f.fromMs);
  if (f.toMs !== undefined) add('start_ms <= ?', f.toMs);
  if (f.id) add("lower(id) LIKE ? ESCAPE '\\'", likePattern(f.id));
  return { where, params };
}
