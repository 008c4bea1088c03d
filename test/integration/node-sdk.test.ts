import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixtureDir } from '../support/node-sdk-fixtures.ts';
import { startOtlpSink } from '../support/otlp-sink.ts';
import { readmeExample } from '../support/readme.ts';

const app = fileURLToPath(new URL('../fixtures/node-sdk-app/app.mjs', import.meta.url));
const run = promisify(execFile);
const QUIET_SDK = { OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' };

interface AppOutput {
  versions: { sdkNode: string; api: string };
  runId: string;
  conversationId: string;
  setupError: { name: string; message: string } | null;
  spans: { name: string; kind: number; traceId: string; ids: Record<string, string | undefined> }[];
}

async function runApp(
  fixture: 'node-sdk-2x' | 'node-sdk-3x',
  mode: string,
  env: Record<string, string> = {},
): Promise<AppOutput> {
  const { stdout } = await run(process.execPath, [app, mode], {
    cwd: fixtureDir(fixture),
    // The app exports traces to memory; NodeSDK's default metrics and logs exporters stay off.
    env: { ...process.env, ...QUIET_SDK, ...env },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

/** Every span (the app's own, HTTP client + server, convtrace's) reached the app's exporter with the ids. */
function expectEverySpanCarriesTheIds(out: AppOutput): void {
  const names = out.spans.map((s) => s.name);
  expect(names).toEqual(
    expect.arrayContaining(['invoke_agent assistant', 'execute_tool fetch_page', 'app-handler']),
  );
  expect(names.some((n) => n.startsWith('chat '))).toBe(true);
  // SpanKind: SERVER = 1 (node:http), CLIENT = 2 (fetch).
  expect(out.spans.some((s) => s.kind === 1)).toBe(true);
  expect(out.spans.some((s) => s.kind === 2)).toBe(true);
  const trace = out.spans.find((s) => s.name === 'invoke_agent assistant')!.traceId;
  for (const s of out.spans) {
    expect({ name: s.name, ...s.ids, trace: s.traceId }).toEqual({
      name: s.name,
      'gen_ai.conversation.id': out.conversationId,
      'gen_ai.agent.call.id': out.runId,
      'gen_ai.agent.name': 'assistant',
      trace,
    });
  }
}

describe.each([
  ['node-sdk-2x', '0.223.', '1.9.'],
  ['node-sdk-3x', '0.301.', '1.10.'],
] as const)('NodeSDK recipe on %s', (fixture, sdkVersion, apiVersion) => {
  it('convtraceSpanProcessors() + convtraceInstrumentations(): every span carries the ids and reaches the app exporter', async () => {
    const out = await runApp(fixture, 'recipe');
    expect(out.versions.sdkNode.startsWith(sdkVersion)).toBe(true);
    expect(out.versions.api.startsWith(apiVersion)).toBe(true);
    expect(out.setupError).toBeNull();
    expectEverySpanCarriesTheIds(out);
  });

  it('convtraceSdkConfig(): every span carries the ids, as with the recipe', async () => {
    expectEverySpanCarriesTheIds(await runApp(fixture, 'config'));
  });

  it('convtraceSdkConfig() reads what setupTracing() reads: profiles, the conversation sampler, the baggage policy', async () => {
    const profiled = await runApp(fixture, 'config', { CONVTRACE_PROFILES: 'openinference' });
    expect(profiled.spans.length).toBeGreaterThan(0);
    for (const s of profiled.spans) expect(s.ids['session.id']).toBe(profiled.conversationId);

    // Ratio 0: the conversation is dropped, the HTTP server span that learns its id from baggage too.
    const sampled = await runApp(fixture, 'config', {
      OTEL_TRACES_SAMPLER: 'convtrace_conversation_ratio',
      OTEL_TRACES_SAMPLER_ARG: '0',
    });
    expect(sampled.spans).toEqual([]);

    // No baggage to internal hosts: the loopback server learns no ids; the agent's own spans keep them.
    const withheld = await runApp(fixture, 'config', { CONVTRACE_BAGGAGE_INTERNAL: 'false' });
    const server = withheld.spans.filter((s) => s.kind === 1 || s.name === 'app-handler');
    expect(server.length).toBeGreaterThan(0);
    for (const s of server) expect(s.ids['gen_ai.conversation.id']).toBeUndefined();
    const agent = withheld.spans.find((s) => s.name === 'invoke_agent assistant')!;
    expect(agent.ids['gen_ai.conversation.id']).toBe(withheld.conversationId);
    // The recipe without the propagator: NodeSDK's own baggage propagator sends it anyway.
    const recipe = await runApp(fixture, 'recipe', { CONVTRACE_BAGGAGE_INTERNAL: 'false' });
    expect(recipe.spans.find((s) => s.name === 'app-handler')!.ids['gen_ai.conversation.id']).toBe(
      recipe.conversationId,
    );
  });

  it('setupTracing() after NodeSDK.start() throws the UserError naming the recipe; every span still reaches the app exporter', async () => {
    const out = await runApp(fixture, 'setup-after-start');
    expect(out.setupError?.name).toBe('UserError');
    expect(out.setupError?.message).toContain('convtrace/node-sdk');
    expectEverySpanCarriesTheIds(out);
  });
});

describe('README: the NodeSDK recipe', () => {
  const recipe = readmeExample('node-sdk', 'js')!;

  it.each(['node-sdk-2x', 'node-sdk-3x'] as const)(
    'runs verbatim as `--import ./tracing.mjs` in the %s app: the agent spans reach OTLP with the ids',
    async (fixture) => {
      const sink = await startOtlpSink();
      const file = join(fixtureDir(fixture), 'tracing.mjs');
      writeFileSync(file, recipe);
      try {
        const script = `import { Agent } from 'convtrace'; import { TestModel } from 'convtrace/testing';
          const r = await new Agent({ name: 'readme', model: new TestModel() }).run('hi');
          console.log(JSON.stringify({ conversationId: r.conversationId, runId: r.runId }));`;
        const { stdout } = await run(
          process.execPath,
          ['--import', './tracing.mjs', '--input-type=module', '-e', script],
          {
            cwd: fixtureDir(fixture),
            env: {
              ...process.env,
              ...QUIET_SDK,
              OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
              OTEL_SERVICE_NAME: 'readme',
            },
          },
        );
        const out = JSON.parse(stdout.trim());
        const spans = await sink.waitFor(
          (s) => s.some((x) => x.name === 'invoke_agent readme') && s.some((x) => x.name.startsWith('chat ')),
        );
        for (const s of spans.filter((x) => x.service === 'readme')) {
          expect(s.attributes['gen_ai.conversation.id']).toBe(out.conversationId);
          expect(s.attributes['gen_ai.agent.call.id']).toBe(out.runId);
        }
      } finally {
        rmSync(file, { force: true });
        await sink.close();
      }
    },
  );

  it("the 2.x install line names the 2.x fixture app's OpenTelemetry packages", () => {
    const line = readmeExample('node-sdk', 'sh')!.replace(/\\\n/g, ' ');
    const named = line
      .split(/\s+/)
      .filter((w) => w.startsWith('@opentelemetry/'))
      .flatMap((w) => {
        const m = w.match(/^@opentelemetry\/(?:\{(.+)\}|([^@]+))@(.+)$/)!;
        return (m[1] ?? m[2]!).split(',').map((n) => `@opentelemetry/${n}`);
      })
      .sort();
    const pkg = JSON.parse(readFileSync(join(fixtureDir('node-sdk-2x'), 'package.json'), 'utf8'));
    const peers = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'),
    ).peerDependencies as Record<string, string>;
    const needed = Object.keys(peers).filter(
      (n) => n.startsWith('@opentelemetry/') && n !== '@opentelemetry/api',
    );
    expect(named).toEqual(needed.sort());
    for (const n of named) expect(Object.keys(pkg.dependencies)).toContain(n);
  });
});
