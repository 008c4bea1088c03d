/**
 * The README's "Vercel AI SDK" snippet is examples/ai-sdk-route.ts verbatim, and
 * examples/ai-sdk-chat.ts (which serves that route and sends two `useChat` turns) runs: one
 * conversation, two runs, spans exported with the ids.
 */
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

describe('Vercel AI SDK: README section and examples/ai-sdk-chat.ts', () => {
  it('the README snippet is examples/ai-sdk-route.ts verbatim', () => {
    const block = readmeExample('examples/ai-sdk-route.ts');
    expect(block).toBe(readFileSync(`${root}/examples/ai-sdk-route.ts`, 'utf8'));
  });

  it('two useChat turns on one chat id: one conversation, two run ids, on the exported spans', async () => {
    const { stdout } = await run(process.execPath, ['examples/ai-sdk-chat.ts'], {
      cwd: root,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url },
    });
    const { turns } = JSON.parse(stdout.trim()) as {
      turns: { convtrace: { conversationId: string; runId: string } }[];
    };
    const ids = turns.map((t) => t.convtrace);
    expect(ids.map((t) => t.conversationId)).toEqual(['chat-1', 'chat-1']);
    expect(ids[0]!.runId).not.toBe(ids[1]!.runId);

    const spans = await sink.waitFor(
      (s) => s.filter((x) => x.name === 'invoke_agent mock-model-id').length === 2,
    );
    const roots = spans.filter((x) => x.name === 'invoke_agent mock-model-id');
    expect(
      roots.map((s) => [s.attributes['gen_ai.conversation.id'], s.attributes['gen_ai.agent.call.id']]),
    ).toEqual(ids.map((t) => ['chat-1', t.runId]));
    expect(roots.every((s) => s.attributes['gen_ai.agent.name'] === 'support')).toBe(true);
    // The model-call spans under them carry the ids too.
    const calls = spans.filter((x) => x.name.startsWith('chat ') || x.name.startsWith('step'));
    expect(calls.length).toBeGreaterThanOrEqual(2);
    for (const s of calls) expect(s.attributes['gen_ai.conversation.id']).toBe('chat-1');
  });

  it('convtrace/ai-sdk resolves from the built package', async () => {
    const script = `const m = await import('convtrace/ai-sdk'); console.log(typeof m.ConvtraceTelemetry, typeof m.chatRun);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout.trim()).toBe('function function');
  });
});
