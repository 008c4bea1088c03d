/**
 * Renders Jaeger UI linkPatterns the way jaeger-ui does for a span's tag (`computeLinks` in
 * packages/jaeger-ui/src/model/link-patterns.ts, v1.76): the pattern applies when its `type` and `key`
 * match the clicked tag; each `#{name}` is looked up in the clicked span's tags, then in the span's
 * own and its ancestors' tags and process (resource) tags up the parent chain, and `#{trace.x}` in
 * the trace (`startTime`, `endTime`, `duration`, `traceID`); values are URL-encoded. A parameter with
 * no value drops the link. Formatters (`#{x | add 5}`) do not work for span links: jaeger-ui looks the
 * whole `x | add 5` up as a name, finds nothing, and drops the link.
 */
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from './jaeger-api.ts';

/** A linkPattern of the Jaeger UI config. */
export interface LinkPattern {
  type: string | string[];
  key: string;
  url: string;
  text: string;
}

const PARAM = /#\{([^{}]*)\}/g;

function find(tags: readonly JaegerKeyValue[], name: string): JaegerKeyValue['value'] | undefined {
  return tags.find((t) => t.key === name)?.value;
}

function traceValue(trace: JaegerTrace, name: string): number | string | undefined {
  const starts = trace.spans.map((s) => s.startTime);
  const ends = trace.spans.map((s) => s.startTime + s.duration);
  const start = Math.min(...starts);
  switch (name) {
    case 'traceID':
      return trace.traceID;
    case 'startTime':
      return start;
    case 'endTime':
      return Math.max(...ends);
    case 'duration':
      return Math.max(...ends) - start;
    default:
      return undefined;
  }
}

/** The value of parameter `name` for a tag link on `span`, as jaeger-ui resolves it. */
function resolve(name: string, span: JaegerSpan, trace: JaegerTrace): JaegerKeyValue['value'] | undefined {
  if (name.startsWith('trace.')) return traceValue(trace, name.split('trace.')[1] ?? '');
  const byId = new Map(trace.spans.map((s) => [s.spanID, s]));
  for (let cur: JaegerSpan | undefined = span; cur; ) {
    const own = find(cur.tags, name) ?? find(trace.processes[cur.processID]?.tags ?? [], name);
    if (own !== undefined) return own;
    const parent: JaegerSpan['references'][number] | undefined = cur.references.find(
      (r) => r.refType === 'CHILD_OF',
    );
    cur = parent ? byId.get(parent.spanID) : undefined;
  }
  return undefined;
}

/** The links jaeger-ui shows for tag `key` of `span` (patterns whose parameters all resolve). */
export function spanTagLinks(
  patterns: readonly LinkPattern[],
  trace: JaegerTrace,
  span: JaegerSpan,
  key: string,
): Array<{ url: string; text: string }> {
  const links: Array<{ url: string; text: string }> = [];
  for (const p of patterns) {
    const types = Array.isArray(p.type) ? p.type : [p.type];
    if (!types.includes('tags') || p.key !== key) continue;
    const values = new Map<string, JaegerKeyValue['value']>();
    const names = [...`${p.url}${p.text}`.matchAll(PARAM)].map((m) => m[1] ?? '');
    if (
      !names.every((n) => {
        const v = resolve(n, span, trace);
        if (v !== undefined) values.set(n, v);
        return v !== undefined;
      })
    )
      continue;
    const fill = (template: string, encode: boolean): string =>
      template.replace(PARAM, (_all, n: string) => {
        const v = String(values.get(n));
        return encode ? encodeURIComponent(v) : v;
      });
    links.push({ url: fill(p.url, true), text: fill(p.text, false) });
  }
  return links;
}
