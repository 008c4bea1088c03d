import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { ATTR_GEN_AI_AGENT_CALL_ID, ATTR_GEN_AI_CONVERSATION_ID } from '../conversation/keys.ts';
import { ATTR_GEN_AI_OPERATION_NAME } from '../semconv/attributes.ts';

/** One thing wrong with a set of agent spans. */
export interface TraceProblem {
  /** The offending span's name and id. */
  span: string;
  /** What is wrong. */
  problem: string;
}

/**
 * Checks the invariants convtrace promises for agent traces, for use in your own tests:
 * - every span below an `invoke_agent` span carries that run's `gen_ai.agent.call.id` and
 *   `gen_ai.conversation.id`;
 * - every `chat` and `execute_tool` span has an `invoke_agent` ancestor (in the given spans).
 * Returns the problems found (empty when all holds).
 */
export function checkAgentTrace(spans: readonly ReadableSpan[]): TraceProblem[] {
  const problems: TraceProblem[] = [];
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  const label = (s: ReadableSpan) => `${s.name} (${s.spanContext().spanId})`;
  const runOf = (s: ReadableSpan): ReadableSpan | undefined => {
    let cur: ReadableSpan | undefined = s;
    const seen = new Set<string>();
    while (cur) {
      if (cur.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'invoke_agent') return cur;
      const parent = cur.parentSpanContext?.spanId;
      if (!parent || seen.has(parent)) return undefined;
      seen.add(parent);
      cur = byId.get(parent);
    }
    return undefined;
  };
  for (const s of spans) {
    const run = runOf(s);
    const op = s.attributes[ATTR_GEN_AI_OPERATION_NAME];
    if (!run) {
      if (op === 'chat' || op === 'execute_tool') {
        problems.push({ span: label(s), problem: `${op} span outside any invoke_agent span` });
      }
      continue;
    }
    for (const key of [ATTR_GEN_AI_AGENT_CALL_ID, ATTR_GEN_AI_CONVERSATION_ID]) {
      if (s.attributes[key] !== run.attributes[key]) {
        problems.push({
          span: label(s),
          problem: `${key} is ${String(s.attributes[key])}, its run has ${String(run.attributes[key])}`,
        });
      }
    }
  }
  return problems;
}

/** Run ids grouped by conversation id, from the `invoke_agent` spans, in start order. */
export function conversationsOf(spans: readonly ReadableSpan[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const runs = spans
    .filter((s) => s.attributes[ATTR_GEN_AI_OPERATION_NAME] === 'invoke_agent')
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
  for (const r of runs) {
    const conv = String(r.attributes[ATTR_GEN_AI_CONVERSATION_ID]);
    out.set(conv, [...(out.get(conv) ?? []), String(r.attributes[ATTR_GEN_AI_AGENT_CALL_ID])]);
  }
  return out;
}
