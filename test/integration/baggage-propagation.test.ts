import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRun } from '../../src/run/agent-run.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { type Downstream, startDownstream } from '../support/downstream.ts';
import { type OtlpSink, type SinkSpan, startOtlpSink } from '../support/otlp-sink.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const capture = captureSpans();
const undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });

let sink: OtlpSink;
let downstream: Downstream;
let port: number;

beforeAll(async () => {
  sink = await startOtlpSink();
  downstream = await startDownstream(sink.url);
  port = downstream.port;
});

afterAll(async () => {
  await downstream?.stop();
  await sink?.close();
  undo();
  await capture.shutdown();
});

describe('baggage leaves the process', () => {
  it('an outgoing fetch inside a run carries the three ids; the receiving service stamps them on its spans', async () => {
    const { run, received } = await agentRun(
      { agentName: 'caller', conversationId: 'conv-x-proc' },
      async (run) => {
        const res = await fetch(`http://127.0.0.1:${port}/work`);
        return { run, received: (await res.json()) as { baggage: string } };
      },
    );
    const header = decodeURIComponent(received.baggage);
    expect(header).toContain('gen_ai.agent.name=caller');
    expect(header).toContain(`gen_ai.agent.call.id=${run.runId}`);
    expect(header).toContain('gen_ai.conversation.id=conv-x-proc');

    const spans = await sink.waitFor(
      (s) => s.some((x) => x.name === 'downstream-work') && s.some((x) => x.kind === 2),
    );
    const remote = spans.filter((s) => s.service === 'downstream');
    expect(remote.map((s) => s.name)).toContain('downstream-work');
    for (const s of remote) {
      expect(s.attributes['gen_ai.conversation.id']).toBe('conv-x-proc');
      expect(s.attributes['gen_ai.agent.call.id']).toBe(run.runId);
      expect(s.attributes['gen_ai.agent.name']).toBe('caller');
    }
    // Same trace as the caller's run.
    const local = capture.spansNamed('invoke_agent caller')[0]!;
    const localTrace = local.spanContext().traceId;
    for (const s of remote) expect(s.traceId.toLowerCase()).toBe(localTrace);
  });

  it('outside a run nothing is added to outgoing headers', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/plain`);
    const body = (await res.json()) as { baggage: string | null };
    expect(body.baggage).toBeNull();
  });
});

describe('setupTracing() in code, no --import', () => {
  it('an outgoing fetch inside a run carries the three ids in baggage; the receiver stamps them on its spans, same trace', async () => {
    const { stdout } = await run(
      process.execPath,
      ['test/fixtures/setup-in-code/caller.mjs', `http://127.0.0.1:${port}/work`],
      { cwd: root, env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: sink.url } },
    );
    const out = JSON.parse(stdout.trim()) as { runId: string; baggage: string };
    const header = decodeURIComponent(out.baggage);
    expect(header).toContain('gen_ai.agent.name=caller');
    expect(header).toContain(`gen_ai.agent.call.id=${out.runId}`);
    expect(header).toContain('gen_ai.conversation.id=conv-in-code');

    // The caller's run is the root of its trace; the receiver's spans of that trace are what counts.
    const traceOf = (s: SinkSpan[]) =>
      s.find((x) => x.service === 'caller' && x.name === 'invoke_agent caller')?.traceId;
    const spans = await sink.waitFor((s) => {
      const trace = traceOf(s);
      const remote = s.filter((x) => x.service === 'downstream' && x.traceId === trace);
      return remote.some((x) => x.name === 'downstream-work') && remote.some((x) => x.kind === 2);
    });
    const caller = spans.filter((s) => s.service === 'caller');
    const trace = traceOf(spans)!;
    // The fetch itself is a CLIENT span of the caller (the undici instrumentation setupTracing enabled).
    expect(caller.some((s) => s.kind === 3 && s.traceId === trace)).toBe(true);
    const remote = spans.filter((s) => s.service === 'downstream' && s.traceId === trace);
    expect(remote.map((s) => s.name)).toContain('downstream-work');
    for (const s of remote) {
      expect(s.attributes['gen_ai.conversation.id']).toBe('conv-in-code');
      expect(s.attributes['gen_ai.agent.call.id']).toBe(out.runId);
      expect(s.attributes['gen_ai.agent.name']).toBe('caller');
    }
  });
});
