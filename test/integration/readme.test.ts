import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpSink, startOtlpSink } from '../support/otlp-sink.ts';
import { readmeExample } from '../support/readme.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink();
});
afterAll(() => sink.close());

describe('README', () => {
  it('shows the two set-up commands', () => {
    const readme = readFileSync(`${root}/README.md`, 'utf8');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });

  it('the usage example is examples/quickstart.ts verbatim, and it runs: one conversation, spans exported', async () => {
    const block = readmeExample('examples/quickstart.ts');
    expect(block).toBe(readFileSync(`${root}/examples/quickstart.ts`, 'utf8'));
    const code = block!.split('\n').filter((l) => l.trim() && !l.startsWith('import '));
    expect(code.length).toBeLessThanOrEqual(10);

    const { stdout } = await run(process.execPath, ['examples/quickstart.ts'], {
      cwd: root,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
    });
    const out = JSON.parse(stdout.trim());
    expect(out.same).toBe(true);
    const spans = await sink.waitFor((s) => s.filter((x) => x.name === 'invoke_agent weather').length === 2);
    const roots = spans.filter((x) => x.name === 'invoke_agent weather');
    expect(roots.map((s) => s.attributes['gen_ai.conversation.id'])).toEqual([out.id, out.id]);
    expect(
      spans.filter((x) => x.attributes['gen_ai.conversation.id'] === out.id).length,
    ).toBeGreaterThanOrEqual(8);
  });
});
