import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('package surface', () => {
  it("`import 'convtrace'` works where the optional openai peer is not installed", async () => {
    const script = `import('openai').then(() => console.log('openai-present'), () => console.log('openai-missing'));
      const m = await import('convtrace'); console.log(typeof m.Agent, typeof m.setupTracing);`;
    const { stdout } = await run(
      process.execPath,
      ['--import', './test/fixtures/no-openai-loader.mjs', '--input-type=module', '-e', script],
      {
        cwd: root,
      },
    );
    expect(stdout).toContain('openai-missing');
    expect(stdout).toContain('function function');
  });

  it("`import 'convtrace'` and `convtrace/register` work without any framework peer; a bridge names its missing peer", async () => {
    const script = `const m = await import('convtrace'); await import('convtrace/register');
      console.log(typeof m.Agent);
      for (const sub of ['openai-agents', 'langchain']) {
        await import('convtrace/' + sub).then(() => console.log(sub, 'loaded'), (e) => console.log(sub, e.code, e.message));
      }`;
    const { stdout } = await run(
      process.execPath,
      ['--import', './test/fixtures/no-peers-loader.mjs', '--input-type=module', '-e', script],
      { cwd: root, env: { ...process.env, OTEL_SDK_DISABLED: 'true' } },
    );
    expect(stdout).toContain('function');
    expect(stdout).toContain("openai-agents ERR_MODULE_NOT_FOUND Cannot find package '@openai/agents'");
    expect(stdout).toMatch(/langchain ERR_MODULE_NOT_FOUND Cannot find package '@langchain\/core/);
  });

  it('the bridge subpaths load when their peers are installed', async () => {
    const script = `const a = await import('convtrace/openai-agents');
      const l = await import('convtrace/langchain');
      console.log(typeof a.ConvtraceTracingProcessor, typeof a.runWithConversation,
        typeof l.ConvtraceCallbackHandler, typeof l.invokeWithConversation);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout.trim()).toBe('function function function function');
  });

  it('the subpath exports resolve from the built package', async () => {
    const script = `const t = await import('convtrace/testing'); console.log(typeof t.TestModel, typeof t.captureSpans);`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(stdout.trim()).toBe('function function');
  });

  it('the root is the agent API: at most 60 runtime exports, no attribute keys or run-identity internals', async () => {
    const script = `const m = await import('convtrace'); console.log(JSON.stringify(Object.keys(m)));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    const names = JSON.parse(stdout) as string[];
    expect(names.length).toBeLessThanOrEqual(60);
    for (const api of [
      'Agent',
      'agentRun',
      'setupTracing',
      'parseMessages',
      'ConvtraceError',
      'OpenAIResponsesModel',
    ]) {
      expect(names).toContain(api);
    }
    expect(names.filter((n) => n.startsWith('ATTR_') || n.startsWith('METRIC_'))).toEqual([]);
    for (const internal of [
      'withRunBaggage',
      'RunBaggageSpanProcessor',
      'resolveConversationId',
      'instrumentOpenAI',
    ]) {
      expect(names).not.toContain(internal);
    }
  });

  it('convtrace/openai, convtrace/conversation and convtrace/semconv export their key symbols', async () => {
    const script = `
      const o = await import('convtrace/openai');
      const c = await import('convtrace/conversation');
      const s = await import('convtrace/semconv');
      console.log(JSON.stringify({
        openai: [typeof o.instrumentOpenAI, typeof o.OpenAIInstrumentation],
        conversation: [typeof c.resolveConversationId, typeof c.RunBaggageSpanProcessor, c.ATTR_GEN_AI_CONVERSATION_ID, c.ATTR_GEN_AI_AGENT_CALL_ID],
        semconv: [s.ATTR_GEN_AI_OPERATION_NAME, s.ATTR_GEN_AI_INPUT_MESSAGES, s.ATTR_GEN_AI_OUTPUT_MESSAGES],
      }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({
      openai: ['function', 'function'],
      conversation: ['function', 'function', 'gen_ai.conversation.id', 'gen_ai.agent.call.id'],
      semconv: ['gen_ai.operation.name', 'gen_ai.input.messages', 'gen_ai.output.messages'],
    });
  });
});
