/**
 * Every shipped config passes the real binaries' `validate` (which builds the whole component graph
 * without starting it), the collector contains the components the configs rely on, and `validate`
 * really rejects a broken config (so a pass means something).
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
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
    ]) {
      expect(output).toMatch(new RegExp(`name: ${name}\\b`));
    }
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
