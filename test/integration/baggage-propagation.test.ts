import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRun } from '../../src/run/agent-run.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { type Downstream, startDownstream } from '../support/bridge-harness.ts';

const capture = captureSpans();
const undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });

let downstream: Downstream;
let port: number;

beforeAll(async () => {
  // A second process: `node --import convtrace/register` (the built package, resolved by name).
  downstream = await startDownstream();
  port = downstream.port;
});

afterAll(async () => {
  await downstream?.close();
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

    const spans = await downstream.sink.waitFor(
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
