/**
 * One conversation across languages with the real pydantic-ai (issue 17, item 2): pydantic-ai runs
 * turn 1, convtrace's Agent continues its dumped history in turn 2, pydantic-ai loads convtrace's dump
 * (ModelMessagesTypeAdapter) and runs turn 3. Both export spans over OTLP/HTTP to the inspector's
 * receiver, which shows one conversation with three turns from two services.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { summarizeConversations } from '../../src/inspect/model/conversation-list.ts';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';
import type { ModelMessage, ToolCallPart } from '../../src/messages/types.ts';
import { FunctionModel, type FunctionModelResult } from '../../src/models/function-model.ts';
import { installTracing } from '../../src/otel/install.ts';
import type { TracingHandle } from '../../src/otel/options.ts';
import { PYTHON_TEST_TIMEOUT, runPythonScript } from '../support/python-run.ts';
import { assertVenv, shouldRunPythonTests } from '../support/python-venv.ts';
import { type StoreReceiver, startStoreReceiver } from '../support/store-receiver.ts';
import { compareMessage, type FieldDifference } from './history-compare.ts';

/** What pai_turn.py prints. */
interface PythonTurn {
  run_id: string;
  conversation_id: string;
  output: string;
  trace_id: string | null;
  messages_json: string;
}

/** The fields pydantic-ai 2.x fills with its defaults when it loads a message convtrace wrote (README). */
const PYDANTIC_AI_DEFAULTS: Record<string, unknown> = {
  state: 'complete',
  id: null,
  provider_details: null,
  tool_kind: null,
  provider_name: null,
  outcome: 'success',
  retry: null,
  content_file_digests: [],
  model_id: null,
  canonical_system: null,
  workspace_ref: null,
  history_digest: null,
  failed_attempts: null,
  citations: null,
  cache_write_tokens: 0,
  cache_read_tokens: 0,
  details: {},
  cache_write_1h_tokens: 0,
  output_reasoning_tokens: 0,
  input_audio_tokens: 0,
  cache_audio_read_tokens: 0,
  output_audio_tokens: 0,
  audio_seconds: 0,
  cost: null,
};

// convtrace's side of turn 2: the same weather agent as pai_turn.py's FunctionModel.
function weatherModel(messages: ModelMessage[]): FunctionModelResult {
  const last = messages.at(-1)!;
  const ret = last.parts.find((p) => p.part_kind === 'tool-return') as
    | { content: { city: string } }
    | undefined;
  if (ret) return `${ret.content.city}: cloudy`;
  const prompt = last.parts.find((p) => p.part_kind === 'user-prompt') as { content: string };
  const city = prompt.content.replace(/\?$/, '').split(' ').at(-1)!;
  const call: ToolCallPart = {
    part_kind: 'tool-call',
    tool_name: 'get_weather',
    args: { city },
    tool_call_id: `call_ts_${city}`,
  };
  return [call];
}
const getWeather = tool({
  name: 'get_weather',
  description: 'The weather of a city.',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, forecast: 'cloudy', temp_c: 14 }),
});

describe.runIf(shouldRunPythonTests())('pydantic-ai ⇄ convtrace: one conversation', () => {
  let inspector: StoreReceiver;
  let tracing: TracingHandle;

  beforeAll(async () => {
    assertVenv();
    inspector = await startStoreReceiver();
    const endpoint = inspector.receiver.tracesUrl;
    tracing = installTracing({ serviceName: 'ts-agent', endpoint, simpleExport: true });
  });
  afterAll(async () => {
    await tracing?.shutdown();
    await inspector?.close();
  });

  it(
    'turn 1 in pydantic-ai, turn 2 in convtrace, turn 3 in pydantic-ai: one conversation_id, three run ids, nothing lost',
    async () => {
      const env = { OTEL_EXPORTER_OTLP_ENDPOINT: inspector.receiver.url };
      const t1 = await runPythonScript<PythonTurn>(
        'pai_turn.py',
        { prompt: 'Weather in Paris?', service: 'python-agent' },
        env,
      );
      const written1 = JSON.parse(t1.messages_json) as Record<string, unknown>[];
      expect(written1.map((m) => m.kind)).toEqual(['request', 'response', 'request', 'response']);

      // convtrace loads pydantic-ai's dump as is: every field, including ones it does not model.
      const history = parseMessages(t1.messages_json);
      expect(history).toEqual(written1);

      const agent = new Agent({
        name: 'ts-agent',
        model: new FunctionModel(weatherModel),
        instructions: 'Answer briefly.',
        tools: [getWeather as never],
      });
      const r2 = await agent.run('And in Berlin?', { messageHistory: history });
      expect(r2.output).toBe('Berlin: cloudy');
      expect(r2.conversationId).toBe(t1.conversation_id);
      const dump2 = serializeMessages(r2.allMessages());
      const written2 = JSON.parse(dump2) as Record<string, unknown>[];
      // convtrace's dump keeps pydantic-ai's messages byte for byte (as JSON values).
      expect(written2.slice(0, 4)).toEqual(written1);
      expect(written2).toHaveLength(8);

      const t3 = await runPythonScript<PythonTurn>(
        'pai_turn.py',
        { prompt: 'And in Rome?', history: dump2, service: 'python-agent' },
        env,
      );
      expect(t3.output).toBe('Rome: sunny');
      const written3 = JSON.parse(t3.messages_json) as Record<string, unknown>[];
      expect(written3).toHaveLength(12);

      // pydantic-ai's own turn-1 messages came back through convtrace unchanged.
      expect(written3.slice(0, 4)).toEqual(written1);
      // convtrace's turn-2 messages, loaded and re-dumped by pydantic-ai: nothing dropped or changed;
      // the only differences are defaults pydantic-ai adds and its microsecond timestamp format.
      const diffs: FieldDifference[] = written2
        .slice(4)
        .flatMap((m, i) => compareMessage(m, written3[4 + i], `[${4 + i}]`));
      expect(diffs.filter((d) => d.kind === 'dropped' || d.kind === 'changed')).toEqual([]);
      for (const d of diffs.filter((x) => x.kind === 'added')) {
        const key = d.path.split('.').at(-1)!;
        expect({ path: d.path, value: d.reloaded }).toEqual({
          path: d.path,
          value: PYDANTIC_AI_DEFAULTS[key],
        });
      }
      expect(diffs.some((d) => d.kind === 'timestamp-format')).toBe(true);

      // One conversation id on every message; three runs, each stamped on its own messages.
      expect(new Set(written3.map((m) => m.conversation_id))).toEqual(new Set([t1.conversation_id]));
      const runIds = [t1.run_id, r2.runId, t3.run_id];
      expect(new Set(runIds).size).toBe(3);
      expect(written3.map((m) => m.run_id)).toEqual(runIds.flatMap((id) => [id, id, id, id]));

      // The inspector: one conversation, three turns, two services.
      const conv = t1.conversation_id;
      // Python exported synchronously before exiting (SimpleSpanProcessor, acknowledged after storing).
      await tracing.forceFlush();
      // The conversation list holds one conversation (both services' spans joined by the id), three turns.
      const rows = summarizeConversations(inspector.store.recentSpans());
      expect(rows.map((r) => [r.id, r.turns, [...r.agents].sort()])).toEqual([
        [conv, 3, ['py-agent', 'ts-agent']],
      ]);
      const c = assembleConversation(await inspector.source.conversationSpans(conv), conv);
      expect(c?.turns.map((t) => t.runId)).toEqual(runIds);
      expect(c!.turns.map((t) => t.spans[0]!.serviceName)).toEqual([
        'python-agent',
        'ts-agent',
        'python-agent',
      ]);
      expect(c!.turns.map((t) => t.agentName)).toEqual(['py-agent', 'ts-agent', 'py-agent']);
      for (const t of c!.turns) {
        expect(t.modelCalls).toBe(2);
        expect(t.toolCalls).toBe(1);
      }
    },
    PYTHON_TEST_TIMEOUT,
  );

  it(
    'every part kind pydantic-ai 2.x writes (multi-modal, native tools, files, retries) loads in convtrace and saves back unchanged',
    async () => {
      const dump = await runPythonScript<unknown[]>('all_parts.py', {});
      const kinds = (dump as { parts: { part_kind: string }[] }[]).flatMap((m) =>
        m.parts.map((p) => p.part_kind),
      );
      expect(new Set(kinds)).toEqual(
        new Set([
          'system-prompt',
          'user-prompt',
          'tool-return',
          'retry-prompt',
          'text',
          'thinking',
          'tool-call',
          'builtin-tool-call',
          'builtin-tool-return',
          'file',
        ]),
      );
      const loaded = parseMessages(JSON.stringify(dump));
      expect(JSON.parse(serializeMessages(loaded))).toEqual(dump);
    },
    PYTHON_TEST_TIMEOUT,
  );
});
