/**
 * The core demo without the inspector: a three-turn conversation with one fork on TestModel, its
 * spans printed grouped by conversation and run. `npm start` runs the full demo (examples/demo.ts).
 */
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { Agent, setupTracing, tool } from 'convtrace';
import { TestModel } from 'convtrace/testing';
import { z } from 'zod';

/** Runs the scripted conversation and returns the finished spans. */
export async function runCoreDemo(): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const tracing = setupTracing({ serviceName: 'convtrace-demo', exporter, simpleExport: true });
  const agent = new Agent({
    name: 'travel',
    model: new TestModel(),
    tools: [
      tool({
        name: 'get_weather',
        parameters: z.object({ city: z.string() }),
        execute: ({ city }) => `sunny in ${city}`,
      }),
    ],
  });
  const t1 = await agent.run('Plan a day in Paris');
  const t2 = await agent.run('Add a museum', { messageHistory: t1.allMessages() });
  await agent.run('What about Rome instead?', { messageHistory: t1.allMessages(), conversationId: 'new' });
  await agent.run('Book it', { messageHistory: t2.allMessages() });
  const spans = exporter.getFinishedSpans();
  await tracing.shutdown();
  return spans;
}

/** Prints spans as conversation → run → span tree. */
export function formatByConversation(spans: readonly ReadableSpan[]): string {
  const lines: string[] = [];
  const convs = new Map<string, Map<string, ReadableSpan[]>>();
  for (const s of [...spans].sort(
    (a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1],
  )) {
    const c = String(s.attributes['gen_ai.conversation.id'] ?? '(none)');
    const r = String(s.attributes['gen_ai.agent.call.id'] ?? '(none)');
    const runs = convs.get(c) ?? new Map<string, ReadableSpan[]>();
    convs.set(c, runs);
    runs.set(r, [...(runs.get(r) ?? []), s]);
  }
  for (const [conv, runs] of convs) {
    lines.push(`conversation ${conv} (${runs.size} run${runs.size === 1 ? '' : 's'})`);
    for (const [run, list] of runs) {
      lines.push(`  run ${run}`);
      for (const s of list) {
        const depth = s.name.startsWith('invoke_agent') ? 0 : 1;
        lines.push(`    ${'  '.repeat(depth)}${s.name}`);
      }
    }
  }
  return lines.join('\n');
}

if (import.meta.main) {
  console.log(formatByConversation(await runCoreDemo()));
}
