/**
 * Static checks of the shipped dashboards (Grafana and Tempo cannot run here): valid JSON, the
 * expected datasource types, the `$conversation` variable, and queries that filter on
 * `gen_ai.conversation.id`. The Jaeger UI config's link patterns are expanded the way the UI does and
 * must produce a 7-day conversation search and a run search.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { COLLECTOR_DIR, DASHBOARDS_DIR } from '../support/binaries.ts';
import type { JaegerSpan, JaegerTrace } from './support/jaeger-api.ts';
import { type LinkPattern, spanTagLinks } from './support/link-patterns.ts';

interface Target {
  refId: string;
  datasource?: { type: string; uid: string };
  queryType?: string;
  query?: string;
  service?: string;
  tags?: string;
  tableType?: string;
}
interface Panel {
  type: string;
  title: string;
  datasource: { type: string; uid: string };
  targets: Target[];
}
/** Grafana's datasource-variable reference, literally (not a JS template). */
const DS_VAR = '$' + '{datasource}';

interface Dashboard {
  title: string;
  uid: string;
  templating: { list: { name: string; type: string; query?: string }[] };
  panels: Panel[];
}

function load(path: string): Dashboard {
  return JSON.parse(readFileSync(join(DASHBOARDS_DIR, path), 'utf8')) as Dashboard;
}

describe('Grafana dashboards', () => {
  it('Jaeger variant: datasource variable, $conversation, tag search table and trace panel', () => {
    const dash = load('grafana/conversations.json');
    const vars = Object.fromEntries(dash.templating.list.map((v) => [v.name, v]));
    expect(vars.datasource).toMatchObject({ type: 'datasource', query: 'jaeger' });
    expect(vars.conversation?.type).toBe('textbox');
    expect(vars.service?.type).toBe('textbox');
    expect(vars.traceId?.type).toBe('textbox');
    const table = dash.panels.find((p) => p.type === 'table');
    const traces = dash.panels.find((p) => p.type === 'traces');
    expect(table?.datasource).toEqual({ type: 'jaeger', uid: DS_VAR });
    expect(traces?.datasource).toEqual({ type: 'jaeger', uid: DS_VAR });
    expect(table?.targets[0]).toMatchObject({
      queryType: 'search',
      service: '$service',
      tags: 'gen_ai.conversation.id="$conversation"',
    });
    expect(traces?.targets[0]?.query).toBe('$traceId');
  });

  it('Tempo variant: TraceQL filter on span.gen_ai.conversation.id', () => {
    const dash = load('grafana/conversations-tempo.json');
    const vars = Object.fromEntries(dash.templating.list.map((v) => [v.name, v]));
    expect(vars.datasource).toMatchObject({ type: 'datasource', query: 'tempo' });
    expect(vars.conversation?.type).toBe('textbox');
    const table = dash.panels.find((p) => p.type === 'table');
    expect(table?.datasource.type).toBe('tempo');
    expect(table?.targets[0]).toMatchObject({ queryType: 'traceql', tableType: 'traces' });
    expect(table?.targets[0]?.query).toMatch(/^\{ span\.gen_ai\.conversation\.id = "\$conversation" \}/);
    expect(dash.panels.find((p) => p.type === 'traces')?.datasource.type).toBe('tempo');
  });

  it('dashboard uids are distinct and every panel names a datasource', () => {
    const a = load('grafana/conversations.json');
    const b = load('grafana/conversations-tempo.json');
    expect(a.uid).not.toBe(b.uid);
    for (const panel of [...a.panels, ...b.panels]) {
      for (const target of panel.targets) expect(target.datasource?.type).toBe(panel.datasource.type);
    }
  });
});

describe('Jaeger UI config (dashboards/jaeger-ui.json)', () => {
  const config = JSON.parse(readFileSync(join(DASHBOARDS_DIR, 'jaeger-ui.json'), 'utf8')) as {
    search: { maxLookback: { value: string } };
    linkPatterns: LinkPattern[];
  };
  // One turn as Jaeger returns it after the shipped collector: the agent's invoke_agent span carries
  // the search anchors the collector writes; a tool calls a downstream service (its own process).
  // The UI URL-encodes substituted values but cannot JSON-escape them: an id containing `"` or `\`
  // would break the tags JSON (documented in collector/README.md). convtrace ids are UUIDs.
  const CONV = 'conv A/1&x=2';
  const RUN = '0190-run';
  const START_US = 1_790_000_000_000_000;
  const WEEK_US = 604_800_000_000;
  const ids = [
    { key: 'gen_ai.conversation.id', type: 'string', value: CONV },
    { key: 'gen_ai.agent.call.id', type: 'string', value: RUN },
  ];
  const mk = (
    spanID: string,
    parent: string | undefined,
    processID: string,
    tags: JaegerSpan['tags'],
  ): JaegerSpan => ({
    traceID: 't1',
    spanID,
    operationName: spanID,
    references: parent ? [{ refType: 'CHILD_OF', traceID: 't1', spanID: parent }] : [],
    startTime: START_US + (parent ? 1000 : 0),
    duration: 5000,
    tags: [...ids, ...tags],
    logs: [],
    processID,
  });
  const trace: JaegerTrace = {
    traceID: 't1',
    spans: [
      mk('invoke_agent', undefined, 'p1', [
        { key: 'convtrace.agent.service', type: 'string', value: 'my agent' },
        { key: 'convtrace.search.start_us', type: 'int64', value: START_US - WEEK_US },
        { key: 'convtrace.search.end_us', type: 'int64', value: START_US + 6000 + WEEK_US },
      ]),
      mk('execute_tool', 'invoke_agent', 'p1', []),
      mk('GET /stock', 'execute_tool', 'p2', []),
    ],
    processes: {
      p1: {
        serviceName: 'my agent',
        tags: [{ key: 'convtrace.service.name', type: 'string', value: 'my agent' }],
      },
      p2: { serviceName: 'stock', tags: [{ key: 'convtrace.service.name', type: 'string', value: 'stock' }] },
    },
  };
  const spanById = (id: string): JaegerSpan => trace.spans.find((s) => s.spanID === id)!;
  const search = (spanId: string, key: string) =>
    spanTagLinks(config.linkPatterns, trace, spanById(spanId), key)
      .filter((l) => l.url.startsWith('/search'))
      .map((l) => new URL(l.url, 'http://ui.invalid'));

  it('allows a 7-day lookback', () => {
    expect(config.search.maxLookback.value).toBe('7d');
  });

  it('the conversation link carries an explicit start and end and the agent service, from any span', () => {
    for (const spanId of ['invoke_agent', 'execute_tool', 'GET /stock']) {
      const [url] = search(spanId, 'gen_ai.conversation.id');
      expect(url?.pathname).toBe('/search');
      // The API ignores `lookback`; these make it search ±7 days around the turn instead of 48 h.
      expect(Number(url?.searchParams.get('start'))).toBe(START_US - WEEK_US);
      expect(Number(url?.searchParams.get('end'))).toBe(START_US + 6000 + WEEK_US);
      // Every turn's trace has the agent's spans: searching its service finds them all — also from
      // the downstream service's span (searching `stock` would miss turns that never called it).
      expect(url?.searchParams.get('service')).toBe('my agent');
      expect(JSON.parse(url?.searchParams.get('tags') ?? 'null')).toEqual({ 'gen_ai.conversation.id': CONV });
    }
  });

  it('the run link searches that run in the same window', () => {
    const [url] = search('GET /stock', 'gen_ai.agent.call.id');
    expect(JSON.parse(url?.searchParams.get('tags') ?? 'null')).toEqual({ 'gen_ai.agent.call.id': RUN });
    expect(url?.searchParams.get('start')).not.toBeNull();
    expect(url?.searchParams.get('service')).toBe('my agent');
  });

  it('opens the conversation in the convtrace inspector', () => {
    const links = spanTagLinks(config.linkPatterns, trace, spanById('GET /stock'), 'gen_ai.conversation.id');
    const inspector = links.find((l) => l.text.includes('convtrace inspector'));
    expect(inspector?.url).toBe(`http://127.0.0.1:4319/#/c/${encodeURIComponent(CONV)}`);
  });

  it('the search anchors are span attributes the shipped collector config sets on invoke_agent spans', () => {
    const collector = readFileSync(join(COLLECTOR_DIR, 'otelcol.yaml'), 'utf8');
    expect(collector).toContain(
      'set(span.attributes["convtrace.agent.service"], resource.attributes["service.name"])',
    );
    expect(collector).toContain(
      'set(span.attributes["convtrace.search.start_us"], span.start_time_unix_nano / 1000 - 604800000000)',
    );
    expect(collector).toContain(
      'set(span.attributes["convtrace.search.end_us"], span.end_time_unix_nano / 1000 + 604800000000)',
    );
  });
});

describe('docker-compose.yml', () => {
  const compose = parseYaml(readFileSync(join(COLLECTOR_DIR, 'docker-compose.yml'), 'utf8')) as {
    services: Record<string, { image: string; volumes?: string[]; ports?: string[] }>;
  };

  it('uses pinned official images and mounts the shipped config files', () => {
    expect(compose.services.collector?.image).toMatch(
      /^otel\/opentelemetry-collector-contrib:\d+\.\d+\.\d+$/,
    );
    expect(compose.services.jaeger?.image).toMatch(/^jaegertracing\/jaeger:2\.\d+\.\d+$/);
    const mounted = Object.values(compose.services).flatMap((s) => s.volumes ?? []);
    for (const file of [
      './otelcol.yaml',
      './jaeger.yaml',
      '../dashboards/jaeger-ui.json',
      './jaeger-opensearch.yaml',
    ]) {
      expect(mounted.some((v) => v.startsWith(`${file}:`))).toBe(true);
      expect(() => readFileSync(join(COLLECTOR_DIR, file))).not.toThrow();
    }
  });

  it('publishes ports on the host loopback only', () => {
    const ports = Object.values(compose.services).flatMap((s) => s.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port).toMatch(/^127\.0\.0\.1:/);
  });
});
