import { SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { type BackendProfile, profilesFromEnv } from '../../src/conversation/profiles.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { installTracing } from '../../src/otel/install.ts';
import type { TracingHandle } from '../../src/otel/options.ts';
import { agentRun } from '../../src/run/agent-run.ts';

let handle: TracingHandle | undefined;

afterEach(async () => {
  await handle?.shutdown();
});

/** A chat endpoint's request: the server span (the trace's root) starts before the id in the body is known. */
async function chatTurn(profiles: BackendProfile[], id: string) {
  // A new exporter each time: shutting a provider down stops its exporter.
  const exporter = new InMemorySpanExporter();
  handle = installTracing({ exporter, simpleExport: true, serviceName: 'profiles', profiles });
  await trace.getTracer('http').startActiveSpan('POST /chat', { kind: SpanKind.SERVER }, async (server) => {
    await agentRun({ agentName: 'chat', conversationId: id }, async () => {
      trace.getTracer('app').startSpan('tool work').end();
    });
    server.end();
  });
  const spans = exporter.getFinishedSpans();
  return { spans, root: spans.find((s) => s.parentSpanContext === undefined)! };
}

describe('backend profiles', () => {
  it('openinference + langfuse: every span with the conversation id gets the aliases, and so does the root server span', async () => {
    const { spans, root } = await chatTurn(['openinference', 'langfuse'], 'conv-prof');
    expect(root.name).toBe('POST /chat');
    expect(root.attributes['session.id']).toBe('conv-prof');
    expect(root.attributes['gen_ai.conversation.id']).toBe('conv-prof');
    for (const name of ['invoke_agent chat', 'tool work']) {
      const s = spans.find((x) => x.name === name)!;
      expect(s.attributes['session.id'], name).toBe('conv-prof');
      expect(s.attributes['langfuse.session.id'], name).toBe('conv-prof');
    }
  });

  it('without a profile nothing is aliased and the root stays as it was made', async () => {
    const { spans, root } = await chatTurn([], 'conv-plain');
    expect(root.attributes['gen_ai.conversation.id']).toBeUndefined();
    for (const s of spans) expect(s.attributes['session.id']).toBeUndefined();
  });

  it('reads CONVTRACE_PROFILES and names an unknown profile', () => {
    expect(profilesFromEnv({ CONVTRACE_PROFILES: 'openinference, langfuse' })).toEqual([
      'openinference',
      'langfuse',
    ]);
    expect(() => profilesFromEnv({ CONVTRACE_PROFILES: 'datadog' })).toThrow(InvalidArgumentError);
  });
});
