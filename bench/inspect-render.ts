/**
 * Inspector benchmark: assemble a conversation from raw spans (grouping into turns, span trees,
 * usage, lanes) and render it — as the terminal timeline and as the web API's JSON — at 1k, 5k (the
 * 500-turn target) and 50k spans. Each turn is 10 spans (invoke_agent, 2 chat with captured messages,
 * 3 tools, 2 of them calling a downstream HTTP service). Reports the median of several runs after a
 * warm-up; the target is < 1 s for 500 turns / 5,000 spans.
 *
 *   npx node bench/inspect-render.ts [--json]
 */
import { performance } from 'node:perf_hooks';
import { assembleConversation } from '../src/inspect/model/conversation-model.ts';
import type { SpanRecord } from '../src/inspect/model/span-record.ts';
import { renderConversationText } from '../src/inspect/render/text-render.ts';
import { turnSpans } from '../test/inspect/fixtures.ts';

const CONV = 'bench-conversation';

function conversation(turns: number): SpanRecord[] {
  const spans: SpanRecord[] = [];
  for (let i = 0; i < turns; i++) {
    spans.push(
      ...turnSpans({
        conversationId: CONV,
        runId: `run-${String(i).padStart(6, '0')}`,
        at: i * 5_000,
        prompt: `Question ${i}: what is the weather in city ${i}?`,
        answer: `It is sunny in city ${i}.`,
        tools: [
          { name: 'geocode', downstream: true },
          { name: 'get_weather', downstream: true },
          { name: 'format' },
        ],
        historyRunId: i > 0 ? `run-${String(i - 1).padStart(6, '0')}` : undefined,
        historyConversationId: i > 0 ? CONV : undefined,
      }),
    );
  }
  // Arrival order is not start order: shuffle deterministically.
  let seed = 42;
  for (let i = spans.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    const j = seed % (i + 1);
    [spans[i], spans[j]] = [spans[j]!, spans[i]!];
  }
  return spans;
}

interface Row {
  turns: number;
  spans: number;
  assembleMs: number;
  textMs: number;
  jsonMs: number;
  totalMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function measure(turns: number, runs: number): Row {
  const spans = conversation(turns);
  const a: number[] = [];
  const t: number[] = [];
  const j: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const c = assembleConversation(spans, CONV)!;
    const t1 = performance.now();
    const text = renderConversationText(c, { width: 120, color: true });
    const t2 = performance.now();
    const json = JSON.stringify(c);
    const t3 = performance.now();
    if (c.turns.length !== turns || text.length === 0 || json.length === 0)
      throw new Error('bench: wrong result');
    if (r === 0) continue; // warm-up
    a.push(t1 - t0);
    t.push(t2 - t1);
    j.push(t3 - t2);
  }
  const row = {
    turns,
    spans: spans.length,
    assembleMs: median(a),
    textMs: median(t),
    jsonMs: median(j),
    totalMs: 0,
  };
  row.totalMs = row.assembleMs + row.textMs + row.jsonMs;
  return row;
}

const rows = [measure(100, 7), measure(500, 7), measure(5_000, 3)];
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
} else {
  const base = rows[0]!;
  process.stdout.write(`node ${process.version}\n`);
  process.stdout.write(
    '| turns | spans | assemble | text render | JSON (web API) | total | per 1k spans | vs 1k |\n',
  );
  process.stdout.write('|---:|---:|---:|---:|---:|---:|---:|---:|\n');
  for (const r of rows) {
    const per1k = r.totalMs / (r.spans / 1000);
    process.stdout.write(
      `| ${r.turns} | ${r.spans} | ${r.assembleMs.toFixed(1)} ms | ${r.textMs.toFixed(1)} ms | ${r.jsonMs.toFixed(1)} ms | ` +
        `**${r.totalMs.toFixed(1)} ms** | ${per1k.toFixed(1)} ms | ${(r.totalMs / base.totalMs).toFixed(1)}× |\n`,
    );
  }
}
