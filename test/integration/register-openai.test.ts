import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai/index.ts';
import { type OtlpSink, startOtlpSink } from '../support/otlp-sink.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let sink: OtlpSink;
let fake: FakeOpenAI;
beforeAll(async () => {
  sink = await startOtlpSink();
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await sink.close();
  await fake.close();
});

describe('node --import convtrace/register', () => {
  it('an ESM app using the plain openai client gets chat spans exported, with no code change', async () => {
    const app = `import OpenAI from 'openai';
      const client = new OpenAI({ baseURL: process.env.FAKE_URL, apiKey: 'sk-test-register' });
      const r = await client.responses.create({ model: 'gpt-4.1', input: 'hello' });
      console.log(r.output_text);`;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'convtrace/register', '--input-type=module', '-e', app],
      {
        cwd: root,
        env: {
          ...process.env,
          FAKE_URL: fake.baseURL,
          OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
          OTEL_SERVICE_NAME: 'plain-app',
        },
      },
    );
    expect(stdout.trim()).toBe('echo: hello');
    const spans = await sink.waitFor((s) => s.some((x) => x.name === 'chat gpt-4.1'));
    const chat = spans.find((x) => x.name === 'chat gpt-4.1')!;
    expect(chat.service).toBe('plain-app');
    expect(chat.attributes['gen_ai.provider.name']).toBe('openai');
    expect(chat.attributes['gen_ai.conversation.id']).toBeUndefined();
    expect(JSON.stringify(spans)).not.toContain('sk-test-register');
  });
});

describe('setupTracing() in code', () => {
  it('instruments the openai client imported after it (ESM loader hook): chat spans exported, no instrumentOpenAI', async () => {
    const app = `import { setupTracing } from 'convtrace';
      const tracing = setupTracing({ serviceName: 'code-app' });
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({ baseURL: process.env.FAKE_URL, apiKey: 'sk-test-setup' });
      const r = await client.responses.create({ model: 'gpt-4.1-mini', input: 'hi' });
      await tracing.shutdown();
      console.log(r.output_text);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', app], {
      cwd: root,
      env: { ...process.env, FAKE_URL: fake.baseURL, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
    });
    expect(stdout.trim()).toBe('echo: hi');
    const spans = await sink.waitFor((s) => s.some((x) => x.name === 'chat gpt-4.1-mini'));
    expect(spans.find((x) => x.name === 'chat gpt-4.1-mini')!.service).toBe('code-app');
  });
});
