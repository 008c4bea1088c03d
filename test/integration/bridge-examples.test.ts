/**
 * The framework examples run as a user runs them (`node --import convtrace/register examples/…`)
 * against the local OpenAI and a downstream service, and are the README's snippets verbatim.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Downstream, startDownstream } from '../support/bridge-harness.ts';
import { type FakeOpenAI, startFakeOpenAI, toolCallingResponder } from '../support/fake-openai/index.ts';
import { type OtlpSink, startOtlpSink } from '../support/otlp-sink.ts';
import { readmeExample } from '../support/readme.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let fake: FakeOpenAI;
let downstream: Downstream;
let sink: OtlpSink;

beforeAll(async () => {
  fake = await startFakeOpenAI({ responder: toolCallingResponder });
  downstream = await startDownstream();
  sink = await startOtlpSink();
});
afterAll(async () => {
  await fake?.close();
  await downstream?.close();
  await sink?.close();
});

/** Runs an example under `--import convtrace/register`; its stdout's last line as JSON. */
async function runExample(file: string): Promise<Record<string, string>> {
  const { stdout } = await run(process.execPath, ['--import', 'convtrace/register', file], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-test',
      WEATHER_URL: `http://127.0.0.1:${downstream.port}`,
      OTEL_SERVICE_NAME: 'example',
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1)!);
}

describe('examples/openai-agents.ts', () => {
  it('is the README snippet verbatim', () => {
    expect(readmeExample('examples/openai-agents.ts')).toBe(
      readFileSync(`${root}/examples/openai-agents.ts`, 'utf8'),
    );
  });

  it('two turns, one conversation id; the tool’s call reaches the downstream service with it, in the run’s trace', async () => {
    const out = await runExample('examples/openai-agents.ts');
    expect(out.first).toMatch(/^tool said: /);
    expect(out.second).toMatch(/^tool said: /);
    const spans = await sink.waitFor(
      (s) => s.filter((x) => x.name.startsWith('invoke_workflow')).length === 2,
    );
    const runs = spans.filter((x) => x.name.startsWith('invoke_workflow'));
    const conversationId = runs[0]!.attributes['gen_ai.conversation.id'];
    expect(runs[1]!.attributes['gen_ai.conversation.id']).toBe(conversationId);
    expect(runs[0]!.attributes['gen_ai.agent.call.id']).not.toBe(runs[1]!.attributes['gen_ai.agent.call.id']);
    const remote = await downstream.sink.waitFor(
      (s) => s.filter((x) => x.attributes['gen_ai.conversation.id'] === conversationId).length >= 2,
    );
    const work = remote.filter(
      (x) => x.name === 'downstream-work' && x.attributes['gen_ai.conversation.id'] === conversationId,
    );
    expect(work.map((w) => w.traceId.toLowerCase()).sort()).toEqual(
      runs.map((r) => r.traceId.toLowerCase()).sort(),
    );
  });
});

describe('examples/langchain.ts', () => {
  it('is the README snippet verbatim', () => {
    expect(readmeExample('examples/langchain.ts')).toBe(
      readFileSync(`${root}/examples/langchain.ts`, 'utf8'),
    );
  });

  it('two turns on one thread: thread_id is the conversation id; provider and tool HTTP calls stay in the run’s trace, downstream too', async () => {
    const out = await runExample('examples/langchain.ts');
    expect(out.first).toMatch(/^tool said: /);
    expect(out.second).toMatch(/^tool said: /);
    const thread = out.thread!;
    const spans = await sink.waitFor(
      (s) =>
        s.filter(
          (x) => x.name === 'invoke_agent LangGraph' && x.attributes['gen_ai.conversation.id'] === thread,
        ).length === 2,
    );
    const runs = spans.filter(
      (x) => x.name === 'invoke_agent LangGraph' && x.attributes['gen_ai.conversation.id'] === thread,
    );
    expect(runs[0]!.attributes['gen_ai.agent.call.id']).not.toBe(runs[1]!.attributes['gen_ai.agent.call.id']);
    const runTraces = new Set(runs.map((r) => r.traceId));
    // langchainjs #11221: the model's HTTP calls (POST to the OpenAI API) are in the run's trace, with its ids.
    const posts = spans.filter((x) => x.name === 'POST' && x.kind === 3 && runTraces.has(x.traceId));
    expect(posts).toHaveLength(4);
    expect(posts.every((p) => p.attributes['gen_ai.conversation.id'] === thread)).toBe(true);
    const remote = await downstream.sink.waitFor(
      (s) =>
        s.filter((x) => x.name === 'downstream-work' && x.attributes['gen_ai.conversation.id'] === thread)
          .length === 2,
    );
    const work = remote.filter(
      (x) => x.name === 'downstream-work' && x.attributes['gen_ai.conversation.id'] === thread,
    );
    expect(new Set(work.map((w) => w.traceId.toLowerCase()))).toEqual(
      new Set([...runTraces].map((t) => t.toLowerCase())),
    );
  });
});
