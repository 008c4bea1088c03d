/**
 * Issue 11 item 3: a `chat` span has the same GenAI attributes whichever path made it — the OpenAI
 * client instrumentation (an `OpenAIResponsesModel` on the fake OpenAI) or the agent itself (a
 * `FunctionModel` replaying the very same responses, so the agent makes the span in
 * `agent/model-call.ts`). Also item 4: the same truncated `gen_ai.input.messages` from both paths
 * for a history far over the cap.
 */
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import OpenAI from 'openai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { ModelRetry, tool } from '../../src/agent/tool.ts';
import { instrumentOpenAI } from '../../src/instrumentation/openai/index.ts';
import { modelRequest, modelResponse } from '../../src/messages/build.ts';
import type { ModelMessage, ModelResponse } from '../../src/messages/types.ts';
import { FunctionModel } from '../../src/models/function-model.ts';
import { OpenAIChatModel } from '../../src/models/openai/chat-model.ts';
import { OpenAIResponsesModel } from '../../src/models/openai/responses-model.ts';
import { MAX_CONTENT_ATTRIBUTE_LENGTH } from '../../src/semconv/content.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { type FakeOpenAI, toolCallingResponder } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';

/**
 * Keys only one path can know, left out of the comparison:
 * - `gen_ai.agent.call.id`: each run mints its own run id (both spans carry one, from baggage).
 * - `gen_ai.response.time_to_first_chunk` (streams only): only the client sees the first chunk
 *   arrive; the agent gets the model's events, not the wire's.
 * - `server.address` / `server.port` / `openai.api.type`: only the HTTP client knows the endpoint
 *   and the API; they are not `gen_ai.*` keys, so the filter below already skips them.
 * Known difference not exercised here: on the Chat Completions API the model sends `instructions` as
 * a leading `system` message, so the client records them in `gen_ai.input.messages`, while the
 * agent (which does not see the wire) records them as `gen_ai.system_instructions`.
 */
const PATH_SPECIFIC = new Set(['gen_ai.agent.call.id', 'gen_ai.response.time_to_first_chunk']);

const capture = captureSpans();
let fake: FakeOpenAI;
useFakeOpenAI((started) => ({ fake } = started), { responder: toolCallingResponder });
beforeEach(() => {
  fake.setResponder(toolCallingResponder);
  capture.reset();
});
afterAll(() => capture.shutdown());

const weather = () =>
  tool({
    name: 'get_weather',
    parameters: z.object({ city: z.string() }),
    execute: ({ city }) => `sunny in ${city}`,
  });

type Api = 'responses' | 'chat';

function instrumentedModel(api: Api = 'responses'): OpenAIResponsesModel | OpenAIChatModel {
  const client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-parity', maxRetries: 0 });
  instrumentOpenAI(client, { captureMessageContent: true });
  return api === 'responses'
    ? new OpenAIResponsesModel('gpt-4.1', { client })
    : new OpenAIChatModel('gpt-4.1', { client });
}

/** A model without its own spans that answers with `responses`, in order. */
function replayModel(responses: ModelResponse[]): FunctionModel {
  let i = 0;
  return new FunctionModel(() => responses[i++]!, { modelName: 'gpt-4.1', system: 'openai' });
}

function genAIAttributes(span: ReadableSpan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(span.attributes)) {
    if (k.startsWith('gen_ai.') && !PATH_SPECIFIC.has(k)) out[k] = v;
  }
  return out;
}

function chatSpans(): ReadableSpan[] {
  return capture.spans().filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
}

/** Chat sends `instructions` as a system message (see the known difference above): none there. */
const agentOn = (model: OpenAIResponsesModel | OpenAIChatModel | FunctionModel, api: Api) =>
  new Agent({
    name: 'parity',
    model,
    ...(api === 'responses' ? { instructions: 'Be brief.' } : {}),
    tools: [weather()],
    captureMessageContent: true,
  });

describe('one chat-span attribute set for both paths', () => {
  async function run(agent: Agent, stream: boolean) {
    if (!stream) return agent.run('weather in Paris?', { conversationId: 'c-par' });
    const s = agent.runStream('weather in Paris?', { conversationId: 'c-par' });
    for await (const _ of s) {
      /* consume */
    }
    return s.result;
  }

  it.each([
    ['responses', false],
    ['responses', true],
    ['chat', false],
    ['chat', true],
  ] as const)(
    'a tool-call round trip (%s API, stream: %s): the same gen_ai.* keys and values on every chat span',
    async (api, stream) => {
      const instrumented = await run(agentOn(instrumentedModel(api), api), stream);
      const viaClient = chatSpans();
      expect(viaClient.map((s) => s.instrumentationScope.name)).toEqual([
        'convtrace/openai',
        'convtrace/openai',
      ]);
      const responses = instrumented.allMessages().filter((m): m is ModelResponse => m.kind === 'response');
      capture.reset();

      await run(agentOn(replayModel(responses), api), stream);
      const viaAgent = chatSpans();
      expect(viaAgent.map((s) => s.instrumentationScope.name)).toEqual(['convtrace', 'convtrace']);

      for (let i = 0; i < 2; i++) {
        const a = genAIAttributes(viaClient[i]!);
        const b = genAIAttributes(viaAgent[i]!);
        expect(b).toEqual(a);
      }
      // The comparison covers what matters: content, finish reasons, usage, ids.
      const second = genAIAttributes(viaClient[1]!);
      for (const key of [
        'gen_ai.input.messages',
        'gen_ai.output.messages',
        ...(api === 'responses' ? ['gen_ai.system_instructions'] : []),
        'gen_ai.response.finish_reasons',
        'gen_ai.response.id',
        'gen_ai.usage.input_tokens',
        'gen_ai.conversation.id',
      ]) {
        expect(second).toHaveProperty([key]);
      }
      expect(JSON.parse(second['gen_ai.input.messages'] as string)).toEqual([
        { role: 'user', parts: [{ type: 'text', content: 'weather in Paris?' }] },
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: expect.any(String), name: 'get_weather', arguments: expect.any(Object) },
          ],
        },
        {
          role: 'tool',
          parts: [
            {
              type: 'tool_call_response',
              id: expect.any(String),
              response: expect.stringMatching(/^sunny in/),
            },
          ],
        },
      ]);
      expect(genAIAttributes(viaClient[0]!)['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
      expect(second['gen_ai.request.stream']).toBe(stream ? true : undefined);
      if (stream) expect(viaClient[0]!.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    },
  );

  it.each(['responses', 'chat'] as const)(
    'a tool that asks for a retry (%s API): the retry prompt is recorded as the model was sent it, by both paths',
    async (api) => {
      const retrying = () =>
        tool({
          name: 'get_weather',
          parameters: z.object({ city: z.string() }),
          execute: () => {
            throw new ModelRetry('unknown city');
          },
        });
      const make = (model: OpenAIResponsesModel | OpenAIChatModel | FunctionModel) =>
        new Agent({ name: 'parity', model, tools: [retrying()], captureMessageContent: true });
      const first = await make(instrumentedModel(api)).run('weather in Atlantis?', { conversationId: 'c-r' });
      const viaClient = chatSpans();
      const responses = first.allMessages().filter((m): m is ModelResponse => m.kind === 'response');
      capture.reset();
      await make(replayModel(responses)).run('weather in Atlantis?', { conversationId: 'c-r' });
      const viaAgent = chatSpans();
      expect(viaAgent).toHaveLength(viaClient.length);
      for (let i = 0; i < viaClient.length; i++) {
        expect(genAIAttributes(viaAgent[i]!)).toEqual(genAIAttributes(viaClient[i]!));
      }
      const input = JSON.parse(viaClient[1]!.attributes['gen_ai.input.messages'] as string);
      expect(input.at(-1).parts[0]).toMatchObject({
        type: 'tool_call_response',
        response: 'unknown city\n\nFix the errors and try again.',
      });
    },
  );

  it('1 MiB of history: the same truncated gen_ai.input.messages from both paths, newest prompt whole', async () => {
    const history: ModelMessage[] = [];
    for (let i = 0; i < 640; i++) {
      history.push(
        modelRequest([{ part_kind: 'user-prompt', content: `q${i} ${'u'.repeat(800)}`, timestamp: 't' }]),
      );
      history.push(
        modelResponse([
          { part_kind: 'text', content: `a${i} ${'a'.repeat(800)}`, id: null, provider_details: null },
        ]),
      );
    }
    expect(JSON.stringify(history).length).toBeGreaterThan(1024 * 1024);
    const prompt = 'NEWEST prompt, kept whole';
    const viaClientAgent = new Agent({
      name: 'parity',
      model: instrumentedModel(),
      captureMessageContent: true,
    });
    const first = await viaClientAgent.run(prompt, { messageHistory: history, conversationId: 'c-big' });
    const [clientSpan] = chatSpans();
    const answer = first.allMessages().at(-1) as ModelResponse;
    capture.reset();
    await new Agent({ name: 'parity', model: replayModel([answer]), captureMessageContent: true }).run(
      prompt,
      {
        messageHistory: history,
        conversationId: 'c-big',
      },
    );
    const [agentSpan] = chatSpans();

    const value = clientSpan!.attributes['gen_ai.input.messages'] as string;
    expect(agentSpan!.attributes['gen_ai.input.messages']).toBe(value);
    expect(value.length).toBeLessThanOrEqual(MAX_CONTENT_ATTRIBUTE_LENGTH);
    const parsed = JSON.parse(value) as Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    expect(parsed[0]!.parts[0]).toMatchObject({ type: 'truncated' });
    expect(parsed.at(-1)).toEqual({ role: 'user', parts: [{ type: 'text', content: prompt }] });
  });
});
