/**
 * Field-by-field comparison of one message as one side wrote it and as the other side re-dumped it
 * after loading. What may differ is listed, and why, in test/python/README.md.
 */

/** One difference found by {@link compareMessage}. */
export interface FieldDifference {
  path: string;
  kind: 'added' | 'changed' | 'dropped' | 'timestamp-format';
  written?: unknown;
  reloaded?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Walks `written` (what one side dumped) against `reloaded` (what the other side dumped after loading
 * it). Reports every key of `written` that is missing or holds another value in `reloaded`, every key
 * `reloaded` added, and `timestamp` strings written in another format for the same instant.
 */
export function compareMessage(written: unknown, reloaded: unknown, path = ''): FieldDifference[] {
  if (isObject(written) && isObject(reloaded)) {
    const out: FieldDifference[] = [];
    for (const [k, v] of Object.entries(written)) {
      const p = `${path}.${k}`;
      if (!(k in reloaded)) out.push({ path: p, kind: 'dropped', written: v });
      else out.push(...compareMessage(v, reloaded[k], p));
    }
    for (const [k, v] of Object.entries(reloaded)) {
      if (!(k in written)) out.push({ path: `${path}.${k}`, kind: 'added', reloaded: v });
    }
    return out;
  }
  if (Array.isArray(written) && Array.isArray(reloaded) && written.length === reloaded.length) {
    return written.flatMap((v, i) => compareMessage(v, reloaded[i], `${path}[${i}]`));
  }
  if (written === reloaded) return [];
  if (
    path.endsWith('.timestamp') &&
    typeof written === 'string' &&
    typeof reloaded === 'string' &&
    !Number.isNaN(Date.parse(written)) &&
    Date.parse(written) === Date.parse(reloaded)
  ) {
    return [{ path, kind: 'timestamp-format', written, reloaded }];
  }
  return [{ path, kind: 'changed', written, reloaded }];
}
