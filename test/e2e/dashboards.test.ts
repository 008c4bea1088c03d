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
import { expandLinkTemplate } from './support/link-patterns.ts';

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
    linkPatterns: { type: string[]; key: string; url: string; text: string }[];
  };
  // The UI URL-encodes substituted values but cannot JSON-escape them: an id containing `"` or `\`
  // would break the tags JSON (documented in collector/README.md). convtrace ids are UUIDs.
  const values = {
    'gen_ai.conversation.id': 'conv A/1&x=2',
    'gen_ai.agent.call.id': '0190-run',
    'convtrace.service.name': 'my agent',
  };

  it('allows a 7-day lookback', () => {
    expect(config.search.maxLookback.value).toBe('7d');
  });

  it('turns gen_ai.conversation.id into a 7-day search for that tag', () => {
    const pattern = config.linkPatterns.find((p) => p.key === 'gen_ai.conversation.id');
    expect(pattern?.type).toEqual(expect.arrayContaining(['tags', 'process']));
    const url = new URL(expandLinkTemplate(pattern?.url ?? '', values), 'http://ui.invalid');
    expect(url.pathname).toBe('/search');
    expect(url.searchParams.get('lookback')).toBe('7d');
    expect(url.searchParams.get('service')).toBe('my agent');
    expect(JSON.parse(url.searchParams.get('tags') ?? 'null')).toEqual({
      'gen_ai.conversation.id': 'conv A/1&x=2',
    });
  });

  it('turns gen_ai.agent.call.id into a search for that run', () => {
    const pattern = config.linkPatterns.find((p) => p.key === 'gen_ai.agent.call.id');
    const url = new URL(expandLinkTemplate(pattern?.url ?? '', values), 'http://ui.invalid');
    expect(JSON.parse(url.searchParams.get('tags') ?? 'null')).toEqual({
      'gen_ai.agent.call.id': '0190-run',
    });
  });

  it('the service placeholder is a resource attribute the shipped collector config sets', () => {
    const collector = readFileSync(join(COLLECTOR_DIR, 'otelcol.yaml'), 'utf8');
    expect(collector).toContain(
      'set(resource.attributes["convtrace.service.name"], resource.attributes["service.name"])',
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
