import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationSampler } from '../../src/conversation/sampling.ts';
import { installTracing } from '../../src/otel/install.ts';
import type { TracingHandle } from '../../src/otel/options.ts';
import { agentRun } from '../../src/run/agent-run.ts';
import { type Downstream, startDownstream } from '../support/downstream.ts';
import { type OtlpSink, startOtlpSink } from '../support/otlp-sink.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const RATIO = 0.3;
const CONVERSATIONS = 1000;
const TURNS = 3;

const exporter = new InMemorySpanExporter();
let handle: TracingHandle;
let undo: () => void;
let sink: OtlpSink;
let downstream: Downstream;
let port: number;

beforeAll(async () => {
  handle = installTracing({
    exporter,
    serviceName: 'caller',
    sampler: new ConversationSampler({ ratio: RATIO }),
  });
  undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });
  sink = await startOtlpSink();
  // The downstream service is configured by environment only, as an operator would.
  downstream = await startDownstream(sink.url, {
    env: { OTEL_TRACES_SAMPLER: 'convtrace_conversation_ratio', OTEL_TRACES_SAMPLER_ARG: String(RATIO) },
  });
  port = downstream.port;
});

afterAll(async () => {
  await downstream?.stop();
  await sink?.close();
  undo?.();
  await handle?.shutdown();
});

describe('conversation-consistent sampling', () => {
  it(`keeps all ${TURNS} turns (and their downstream spans) of a conversation or none, at ratio ${RATIO}`, async () => {
    const ids = Array.from(
      { length: CONVERSATIONS },
      (_, i) => `conv-${i}-${Math.random().toString(36).slice(2)}`,
    );
    for (let turn = 0; turn < TURNS; turn++) {
      for (let i = 0; i < ids.length; i += 25) {
        // Each turn is its own trace (a new root run), like turns arriving hours apart.
        await Promise.all(
          ids.slice(i, i + 25).map((conversationId) =>
            agentRun({ agentName: 'sampled', conversationId }, async () => {
              const res = await fetch(`http://127.0.0.1:${port}/work`);
              await res.text();
            }),
          ),
        );
      }
    }
    await handle.forceFlush();
    const runs = new Map<string, Set<string>>();
    for (const s of exporter.getFinishedSpans()) {
      if (s.name !== 'invoke_agent sampled') continue;
      const id = String(s.attributes['gen_ai.conversation.id']);
      runs.set(id, (runs.get(id) ?? new Set()).add(s.spanContext().traceId));
    }
    const kept = [...runs.keys()];
    for (const traces of runs.values()) expect(traces.size).toBe(TURNS);
    const fraction = kept.length / CONVERSATIONS;
    expect(fraction).toBeGreaterThan(RATIO - 0.05);
    expect(fraction).toBeLessThan(RATIO + 0.05);
    // Every local span of a kept turn was exported (run + fetch client span), none of a dropped one.
    const clientSpans = exporter.getFinishedSpans().filter((s) => s.kind === 2);
    expect(clientSpans.length).toBe(kept.length * TURNS);

    // The downstream process decided the same from the id in baggage alone.
    await sink.waitFor(
      (spans) => spans.filter((s) => s.name === 'downstream-work').length >= kept.length * TURNS,
      30_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    const remote = new Map<string, number>();
    for (const s of sink.spans) {
      if (s.name !== 'downstream-work') continue;
      const id = String(s.attributes['gen_ai.conversation.id']);
      remote.set(id, (remote.get(id) ?? 0) + 1);
    }
    expect([...remote.keys()].sort()).toEqual(kept.sort());
    for (const n of remote.values()) expect(n).toBe(TURNS);

    // A second process given only the ids reaches the same decisions.
    const out = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { isConversationSampled } from 'convtrace/conversation';
         const ids = JSON.parse(process.argv[1]);
         console.log(JSON.stringify(ids.filter((id) => isConversationSampled(id, ${RATIO}))));`,
        JSON.stringify(ids),
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out.status, out.stderr).toBe(0);
    expect((JSON.parse(out.stdout) as string[]).sort()).toEqual(kept.sort());
  }, 120_000);
});
