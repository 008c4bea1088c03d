/**
 * Backend profiles as a collector recipe (collector/otelcol.yaml `transform/profiles`): with
 * CONVTRACE_PROFILES=openinference,langfuse on the collector — no change to the app — every span of a
 * conversation reaches Jaeger with `session.id` and `langfuse.session.id` equal to its conversation
 * id, the root span of every trace included; a collector without the variable adds nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent, type RunResult, setupTracing, type TracingHandle, tool } from '../../src/index.ts';
import { TestModel } from '../../src/testing/index.ts';
import { assertBinaries, shouldRunPipelineTests } from '../support/binaries.ts';
import { type CollectorHandle, type JaegerHandle, startCollector, startJaeger } from '../support/pipeline.ts';
import { eventually, JaegerApi, type JaegerTrace, tagValue } from './support/jaeger-api.ts';

describe.runIf(shouldRunPipelineTests())('backend profiles through the collector', () => {
  let jaeger: JaegerHandle;
  let withProfiles: CollectorHandle;
  let plain: CollectorHandle;
  let api: JaegerApi;

  beforeAll(async () => {
    assertBinaries();
    jaeger = await startJaeger();
    api = new JaegerApi(jaeger.queryUrl);
    const env = { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint };
    withProfiles = await startCollector({
      env: { ...env, CONVTRACE_PROFILES: 'openinference,langfuse' },
      name: 'profiles',
    });
    plain = await startCollector({ env, name: 'plain' });
  });

  afterAll(async () => {
    await withProfiles?.stop();
    await plain?.stop();
    await jaeger?.stop();
  });

  async function conversation(
    service: string,
    endpoint: string,
  ): Promise<{ runs: RunResult[]; traces: JaegerTrace[] }> {
    const tracing: TracingHandle = setupTracing({ serviceName: service, endpoint, simpleExport: true });
    const lookup = tool({ name: 'lookup', parameters: z.object({ q: z.string() }), execute: () => 'found' });
    const agent = new Agent({ name: 'profiled', model: new TestModel(), tools: [lookup] });
    const first = await agent.run('one');
    const second = await agent.run('two', { messageHistory: first.allMessages() });
    await tracing.shutdown();
    const traces = await eventually(
      async () =>
        (await api.findTraces({ service, tags: { 'gen_ai.conversation.id': first.conversationId } })).traces,
      (t) => t.length === 2 && t.every((x) => x.spans.length >= 3),
      { what: `two turns of ${service}`, timeoutMs: 30_000 },
    );
    return { runs: [first, second], traces };
  }

  it('aliases the conversation id on every span, the root included, only where the profile is on', async () => {
    const on = await conversation('profiles-on', withProfiles.otlpHttpTracesUrl);
    const id = on.runs[0]!.conversationId;
    for (const t of on.traces) {
      const root = t.spans.find((s) => !s.references.some((r) => r.refType === 'CHILD_OF'))!;
      expect(tagValue(root, 'session.id')).toBe(id);
      for (const s of t.spans) {
        expect(tagValue(s, 'session.id'), s.operationName).toBe(id);
        expect(tagValue(s, 'langfuse.session.id'), s.operationName).toBe(id);
      }
    }
    const off = await conversation('profiles-off', plain.otlpHttpTracesUrl);
    for (const t of off.traces) for (const s of t.spans) expect(tagValue(s, 'session.id')).toBeUndefined();
  });
});
