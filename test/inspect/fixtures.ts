import type { CliIo } from '../../src/inspect/cli.ts';
import type { AttributeMap, SpanRecord } from '../../src/inspect/model/span-record.ts';

/** Base time of the fixtures: 2026-11-22T10:00:00Z, in ms. */
export const T0 = Date.UTC(2026, 10, 22, 10, 0, 0);

let counter = 0;
/** A deterministic hex id of `bytes` bytes. */
export function hexId(bytes: number, seed: string): string {
  let h = 0x811c9dc5;
  for (const ch of seed) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return (h.toString(16).padStart(8, '0') + (counter++).toString(16).padStart(8, '0'))
    .repeat(4)
    .slice(0, bytes * 2);
}

/** ms since the epoch → decimal nanosecond string. */
export function ns(ms: number): string {
  return `${BigInt(Math.round(ms * 1000)) * 1000n}`;
}

/** Builds one span record. */
export function span(p: {
  traceId: string;
  spanId?: string;
  parent?: string | null;
  name: string;
  start: number;
  end: number;
  attributes?: AttributeMap;
  service?: string;
  kind?: SpanRecord['kind'];
  error?: string;
}): SpanRecord {
  const rec: SpanRecord = {
    traceId: p.traceId,
    spanId: p.spanId ?? hexId(8, p.name),
    parentSpanId: p.parent ?? null,
    name: p.name,
    kind: p.kind ?? 'internal',
    startTimeUnixNano: ns(p.start),
    endTimeUnixNano: ns(p.end),
    status: p.error ? { code: 'error', message: p.error } : { code: 'unset' },
    attributes: p.attributes ?? {},
    serviceName: p.service ?? 'agent-app',
    events: [],
  };
  return rec;
}

/** Options of {@link turnSpans}. */
export interface TurnSpec {
  conversationId: string;
  runId: string;
  agent?: string;
  /** Start offset from {@link T0}, ms. */
  at: number;
  prompt?: string;
  answer?: string;
  /** Tools called between the two model calls. */
  tools?: Array<{ name: string; downstream?: boolean; error?: string }>;
  model?: string;
  tokens?: [number, number];
  historyRunId?: string;
  historyConversationId?: string;
}

/**
 * The spans of one agent run in its own trace, shaped like convtrace's runtime emits them:
 * invoke_agent → chat → execute_tool (→ downstream HTTP client → server in another service) → chat.
 * Every span of the run carries the run baggage attributes.
 */
export function turnSpans(t: TurnSpec): SpanRecord[] {
  const traceId = hexId(16, t.runId);
  const ids = {
    'gen_ai.conversation.id': t.conversationId,
    'gen_ai.agent.call.id': t.runId,
    'gen_ai.agent.name': t.agent ?? 'support',
  };
  const start = T0 + t.at;
  const tools = t.tools ?? [];
  const model = t.model ?? 'gpt-4o-mini';
  const [inTok, outTok] = t.tokens ?? [100, 20];
  const agentAttrs: AttributeMap = { ...ids, 'gen_ai.operation.name': 'invoke_agent' };
  if (t.historyRunId) agentAttrs['convtrace.history.run_id'] = t.historyRunId;
  if (t.historyConversationId) agentAttrs['convtrace.history.conversation_id'] = t.historyConversationId;
  const end = start + 400 + tools.length * 200;
  const root = span({
    traceId,
    name: `invoke_agent ${ids['gen_ai.agent.name']}`,
    start,
    end,
    attributes: agentAttrs,
  });
  const spans = [root];
  const chatAttrs = (i: number, inT: number, outT: number): AttributeMap => {
    const a: AttributeMap = {
      ...ids,
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': model,
      'gen_ai.response.model': `${model}-2024-07-18`,
      'gen_ai.usage.input_tokens': inT,
      'gen_ai.usage.output_tokens': outT,
    };
    if (t.prompt && i === 0) {
      a['gen_ai.input.messages'] = JSON.stringify([
        { role: 'system', parts: [{ type: 'text', content: 'Be brief.' }] },
        { role: 'user', parts: [{ type: 'text', content: t.prompt }] },
      ]);
    }
    if (t.answer && i === 1) {
      a['gen_ai.output.messages'] = JSON.stringify([
        { role: 'assistant', parts: [{ type: 'text', content: t.answer }], finish_reason: 'stop' },
      ]);
    }
    return a;
  };
  spans.push(
    span({
      traceId,
      parent: root.spanId,
      name: `chat ${model}`,
      start: start + 10,
      end: start + 150,
      kind: 'client',
      attributes: chatAttrs(0, inTok, outTok),
    }),
  );
  tools.forEach((tool, i) => {
    const ts = start + 160 + i * 200;
    const toolSpan = span({
      traceId,
      parent: root.spanId,
      name: `execute_tool ${tool.name}`,
      start: ts,
      end: ts + 150,
      attributes: {
        ...ids,
        'gen_ai.operation.name': 'execute_tool',
        'gen_ai.tool.name': tool.name,
        'gen_ai.tool.call.id': `call_${i}`,
      },
      error: tool.error,
    });
    spans.push(toolSpan);
    if (tool.downstream) {
      const client = span({
        traceId,
        parent: toolSpan.spanId,
        name: 'GET',
        start: ts + 10,
        end: ts + 120,
        kind: 'client',
        attributes: { ...ids, 'http.request.method': 'GET' },
      });
      const server = span({
        traceId,
        parent: client.spanId,
        name: 'GET /weather',
        start: ts + 20,
        end: ts + 110,
        kind: 'server',
        service: 'weather-svc',
        attributes: { ...ids, 'http.route': '/weather' },
      });
      spans.push(client, server);
    }
  });
  const last = start + 160 + tools.length * 200;
  spans.push(
    span({
      traceId,
      parent: root.spanId,
      name: `chat ${model}`,
      start: last,
      end: last + 220,
      kind: 'client',
      attributes: chatAttrs(1, inTok + 50, outTok + 10),
    }),
  );
  return spans;
}

/** Conversation ids and run ids of {@link demoConversation}. */
export const DEMO = {
  conv: '01937a2e-0000-7000-8000-00000000c0a1',
  forkConv: '01937a2e-0000-7000-8000-00000000f0a2',
  runs: [
    '01937a2e-0001-7000-8000-000000000001',
    '01937a2e-0002-7000-8000-000000000002',
    '01937a2e-0003-7000-8000-000000000003',
    '01937a2e-0004-7000-8000-000000000004',
  ],
  forkRun: '01937a2e-0005-7000-8000-000000000005',
} as const;

/**
 * A fixed conversation: turn 1 (tool + downstream), turn 2 (tool error), turn 3 branches from turn 1
 * (regenerate), turn 4 continues turn 3; plus a fork into another conversation from turn 2.
 */
export function demoConversation(): SpanRecord[] {
  const c = DEMO.conv;
  const [r1, r2, r3, r4] = DEMO.runs;
  return [
    ...turnSpans({
      conversationId: c,
      runId: r1,
      at: 0,
      prompt: 'What is the weather in Paris?',
      answer: 'Sunny, 21°C.',
      tools: [{ name: 'get_weather', downstream: true }],
      tokens: [120, 30],
    }),
    ...turnSpans({
      conversationId: c,
      runId: r2,
      at: 5_000,
      prompt: 'And tomorrow?',
      answer: 'Rain.',
      tools: [{ name: 'forecast', error: 'timeout' }],
      historyRunId: r1,
      historyConversationId: c,
      tokens: [200, 40],
    }),
    ...turnSpans({
      conversationId: c,
      runId: r3,
      at: 9_000,
      prompt: 'What about Lyon?',
      answer: 'Cloudy.',
      historyRunId: r1,
      historyConversationId: c,
      model: 'gpt-4o',
      tokens: [180, 25],
    }),
    ...turnSpans({
      conversationId: c,
      runId: r4,
      at: 12_000,
      prompt: 'Thanks!',
      answer: 'You are welcome.',
      historyRunId: r3,
      historyConversationId: c,
      tokens: [220, 10],
    }),
    ...turnSpans({
      conversationId: DEMO.forkConv,
      runId: DEMO.forkRun,
      at: 15_000,
      prompt: 'Start over in French',
      answer: 'Bonjour.',
      historyRunId: r2,
      historyConversationId: c,
      tokens: [90, 12],
    }),
  ];
}

/** A CLI output capture: what `runCli` wrote to stdout and stderr, no TTY, empty env. */
export function captureIo(extra: Partial<CliIo> = {}): CliIo & { out: string; err: string } {
  const state = { out: '', err: '' };
  return Object.assign(state, {
    stdout: (t: string) => {
      state.out += t;
    },
    stderr: (t: string) => {
      state.err += t;
    },
    env: {},
    isTTY: false,
    ...extra,
  });
}
