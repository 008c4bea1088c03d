/**
 * Issue 16 item 5, the real path: `OTEL_SEMCONV_STABILITY_OPT_IN` set in a process's environment
 * before it starts (no reset hook) is what its spans follow. Each case is a child `node` running an
 * agent on a `FunctionModel` whose answer reports cache-written tokens, printing the keys of its spans.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const url = (p: string) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);

const APP = [
  `const { Agent } = await import(${url('src/agent/agent.ts')});`,
  `const { captureSpans, FunctionModel } = await import(${url('src/testing/index.ts')});`,
  `const { modelResponse } = await import(${url('src/messages/build.ts')});`,
  'const capture = captureSpans();',
  'const usage = { input_tokens: 9, output_tokens: 3, cache_read_tokens: 0, cache_write_tokens: 5, details: {} };',
  `const model = new FunctionModel(() => modelResponse([{ part_kind: 'text', content: 'hi' }], { usage }));`,
  `await new Agent({ name: 'env', model }).run('hello');`,
  'const out = {};',
  'for (const s of capture.spans()) out[s.name] = Object.keys(s.attributes).sort();',
  'console.log(JSON.stringify(out));',
  'await capture.shutdown();',
].join('\n');

async function spanKeys(optIn: string | undefined): Promise<Record<string, string[]>> {
  const env = { ...process.env };
  delete env.OTEL_SEMCONV_STABILITY_OPT_IN;
  if (optIn !== undefined) env.OTEL_SEMCONV_STABILITY_OPT_IN = optIn;
  const { stdout } = await promisify(execFile)('npx', ['node', '--input-type=module', '-e', APP], {
    cwd: ROOT,
    env,
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('OTEL_SEMCONV_STABILITY_OPT_IN from the environment (child processes)', () => {
  it('set to "http,gen_ai_latest_experimental": invocation id on the run span, cache_write on the chat span', async () => {
    const keys = await spanKeys('http,gen_ai_latest_experimental');
    expect(keys['invoke_agent env']).toContain('gen_ai.agent.invocation.id');
    expect(keys['chat function']).toContain('gen_ai.agent.invocation.id');
    expect(keys['chat function']).toContain('gen_ai.usage.cache_write.input_tokens');
    expect(keys['chat function']).not.toContain('gen_ai.usage.cache_creation.input_tokens');
  });

  it('unset: no invocation id, cache_creation as before', async () => {
    const keys = await spanKeys(undefined);
    expect(keys['invoke_agent env']).toContain('gen_ai.agent.call.id');
    expect(keys['invoke_agent env']).not.toContain('gen_ai.agent.invocation.id');
    expect(keys['chat function']).not.toContain('gen_ai.agent.invocation.id');
    expect(keys['chat function']).toContain('gen_ai.usage.cache_creation.input_tokens');
    expect(keys['chat function']).not.toContain('gen_ai.usage.cache_write.input_tokens');
  });
});
