/**
 * Every shipped config passes the real binaries' `validate` (which builds the whole component graph
 * without starting it), the collector contains the components the configs rely on, and `validate`
 * really rejects a broken config (so a pass means something). The durability settings are read back
 * from the collector's own resolved config (`print-config`), and the two secret-pattern lists of
 * otelcol.yaml are checked to be the same list.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  assertBinaries,
  COLLECTOR_DIR,
  DASHBOARDS_DIR,
  JAEGER_BIN,
  OTELCOL_BIN,
  shouldRunPipelineTests,
} from '../support/binaries.ts';
import { cleanEnv, runToCompletion } from '../support/pipeline.ts';

const cfg = (name: string): string => join(COLLECTOR_DIR, name);
const execFileAsync = promisify(execFile);

/** The parts of `print-config --format=json` these tests read. */
interface ResolvedConfig {
  exporters: Record<
    string,
    {
      sending_queue?: { storage?: string | null };
      retry_on_failure?: { enabled?: boolean; max_elapsed_time?: string | number };
    }
  >;
  service: { extensions: string[]; pipelines: { traces: { processors: string[]; exporters: string[] } } };
}

/** A Go duration as print-config renders it (`"0s"`, `"5m0s"`, or nanoseconds) in milliseconds. */
function durationMs(value: string | number | undefined): number {
  if (typeof value === 'number') return value / 1e6;
  if (value === undefined) return Number.NaN;
  const units: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1_000,
    ms: 1,
    us: 1e-3,
    µs: 1e-3,
    ns: 1e-6,
  };
  let total = 0;
  for (const [, n, unit] of value.matchAll(/([\d.]+)(h|ms|m|s|us|µs|ns)/g))
    total += Number(n) * (units[unit ?? ''] ?? Number.NaN);
  return value === '0' ? 0 : total;
}

describe.runIf(shouldRunPipelineTests())('shipped configs validate with the real binaries', () => {
  beforeAll(() => assertBinaries());

  const otelcolCases: { name: string; configs: string[]; env: Record<string, string> }[] = [
    { name: 'otelcol.yaml (defaults)', configs: [cfg('otelcol.yaml')], env: {} },
    {
      name: 'otelcol.yaml with content capture on',
      configs: [cfg('otelcol.yaml')],
      env: { CONVTRACE_CAPTURE_CONTENT: 'true' },
    },
    {
      name: 'otelcol.yaml + otelcol-logfire.yaml',
      configs: [cfg('otelcol.yaml'), cfg('otelcol-logfire.yaml')],
      env: { LOGFIRE_TOKEN: 'pylf_v1_us_test', LOGFIRE_BASE_URL: 'https://logfire-eu.pydantic.dev' },
    },
    {
      name: 'otelcol-gateway.yaml',
      configs: [cfg('otelcol-gateway.yaml')],
      env: { CONVTRACE_GATEWAY_BACKENDS: '[127.0.0.1:24317, 127.0.0.1:34317]' },
    },
  ];

  for (const c of otelcolCases) {
    it(`otelcol-convtrace validate: ${c.name}`, async () => {
      const args = ['validate', ...c.configs.flatMap((f) => ['--config', f])];
      const { code, output } = await runToCompletion(OTELCOL_BIN, args, cleanEnv(c.env));
      expect(output).not.toMatch(/error/i);
      expect(code).toBe(0);
    });
  }

  it('otelcol-convtrace validate rejects the gateway without backends', async () => {
    const { code, output } = await runToCompletion(
      OTELCOL_BIN,
      ['validate', '--config', cfg('otelcol-gateway.yaml')],
      cleanEnv(),
    );
    expect(code).not.toBe(0);
    expect(output).toMatch(/load_balancing|hostnames|resolver/);
  });

  it('the collector contains every component the configs use', async () => {
    const { code, output } = await runToCompletion(OTELCOL_BIN, ['components'], cleanEnv());
    expect(code).toBe(0);
    for (const name of [
      'otlp',
      'memory_limiter',
      'batch',
      'transform',
      'attributes',
      'redaction',
      'tail_sampling',
      'otlp_grpc',
      'otlp_http',
      'debug',
      'file',
      'load_balancing',
      'health_check',
      'file_storage',
    ]) {
      expect(output).toMatch(new RegExp(`name: ${name}\\b`));
    }
  });

  // Durable delivery: every exporter a shipped pipeline uses keeps its queue on disk and never stops
  // retrying. Read from the binary's resolved config, so defaults and merging are the collector's.
  const durableCases: { name: string; configs: string[]; env: Record<string, string> }[] = [
    { name: 'otelcol.yaml', configs: [cfg('otelcol.yaml')], env: {} },
    {
      name: 'otelcol.yaml + otelcol-logfire.yaml',
      configs: [cfg('otelcol.yaml'), cfg('otelcol-logfire.yaml')],
      env: { LOGFIRE_TOKEN: 'pylf_v1_us_test' },
    },
    {
      name: 'otelcol-gateway.yaml',
      configs: [cfg('otelcol-gateway.yaml')],
      env: { CONVTRACE_GATEWAY_BACKENDS: '[127.0.0.1:24317]' },
    },
  ];
  for (const c of durableCases) {
    it(`durable delivery in the resolved config: ${c.name}`, async () => {
      const args = ['print-config', '--format=json', ...c.configs.flatMap((f) => ['--config', f])];
      const env = cleanEnv({ ...c.env, CONVTRACE_QUEUE_DIR: tmpdir() });
      // stdout only (the config is longer than what runToCompletion keeps of the output).
      const { stdout } = await execFileAsync(OTELCOL_BIN, args, { env, maxBuffer: 16 * 1024 * 1024 });
      const resolved = JSON.parse(stdout) as ResolvedConfig;
      const exporters = resolved.service.pipelines.traces.exporters;
      expect(exporters.length).toBeGreaterThan(0);
      for (const id of exporters) {
        const exporter = resolved.exporters[id];
        expect(exporter?.sending_queue?.storage, id).toBe('file_storage/queue');
        expect(exporter?.retry_on_failure?.enabled, id).toBe(true);
        expect(durationMs(exporter?.retry_on_failure?.max_elapsed_time), id).toBe(0);
      }
      expect(resolved.service.extensions).toContain('file_storage/queue');
      expect(resolved.service.pipelines.traces.processors).not.toContain('batch');
    });
  }

  it('otelcol.yaml: transform/secrets (OTTL) and redaction/secrets use the same patterns everywhere', () => {
    const config = parse(readFileSync(cfg('otelcol.yaml'), 'utf8')) as {
      processors: Record<
        string,
        { trace_statements?: { statements: string[] }[]; blocked_values?: string[] }
      >;
    };
    const blocked = config.processors['redaction/secrets']?.blocked_values ?? [];
    expect(blocked.length).toBeGreaterThanOrEqual(10);
    const statements = (config.processors['transform/secrets']?.trace_statements ?? []).flatMap(
      (c) => c.statements,
    );
    // Each place (3 attribute maps via replace_all_patterns, 3 names via replace_pattern) gets the
    // whole list, in redaction's order.
    const targets = new Map<string, string[]>();
    for (const statement of statements) {
      const m = /^(replace_all_patterns|replace_pattern)\(([\w.]+), (?:"value", )?("(?:[^"\\]|\\.)*"), /.exec(
        statement,
      );
      expect(m, statement).not.toBeNull();
      const [, , target = '', literal = '""'] = m ?? [];
      targets.set(target, [...(targets.get(target) ?? []), JSON.parse(literal) as string]);
    }
    expect([...targets.keys()].sort()).toEqual([
      'resource.attributes',
      'span.attributes',
      'span.name',
      'span.status.message',
      'spanevent.attributes',
      'spanevent.name',
    ]);
    for (const [target, patterns] of targets) expect(patterns, target).toEqual(blocked);
  });

  for (const name of ['jaeger.yaml', 'jaeger-badger.yaml', 'jaeger-opensearch.yaml']) {
    it(`jaeger validate: ${name}`, async () => {
      const env = cleanEnv({ JAEGER_UI_CONFIG: join(DASHBOARDS_DIR, 'jaeger-ui.json') });
      const { code, output } = await runToCompletion(JAEGER_BIN, ['validate', '--config', cfg(name)], env);
      expect(output).not.toMatch(/"level":"error"|Error:/);
      expect(code).toBe(0);
    });
  }

  it('jaeger validate rejects a config naming an unknown storage backend', async () => {
    const { code } = await runToCompletion(
      JAEGER_BIN,
      [
        'validate',
        '--config',
        cfg('jaeger.yaml'),
        '--set',
        'exporters::jaeger_storage_exporter::trace_storage=nope',
        '--set',
        'extensions::jaeger_query::storage::traces=',
      ],
      cleanEnv(),
    );
    expect(code).not.toBe(0);
  });
});
