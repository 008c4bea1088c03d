/**
 * OpenAI server-side state across languages (issue 17, item 4): pydantic-ai's OpenAIResponsesModel
 * with `openai_conversation_id`, pointed at the local OpenAI, produces a history; convtrace continues
 * it with `openaiConversationId: 'auto'`: the same `conv_…`, and only the new item is sent.
 */
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.ts';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';
import type { ModelResponse } from '../../src/messages/types.ts';
import { OpenAIResponsesModel } from '../../src/models/openai/responses-model.ts';
import type { FakeOpenAI } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';
import { PYTHON_TEST_TIMEOUT, runPythonScript } from '../support/python-run.ts';
import { assertVenv, shouldRunPythonTests } from '../support/python-venv.ts';

let fake: FakeOpenAI;
let client: OpenAI;

describe.runIf(shouldRunPythonTests())('OpenAI conversation state across languages', () => {
  useFakeOpenAI((started) => ({ fake, client } = started));

  it(
    "convtrace continues pydantic-ai's conv_… with 'auto', sending only the new user message",
    async () => {
      assertVenv();
      const conv = await client.conversations.create();
      fake.script({ text: 'stored' }, { text: 'PY-17' });

      const t1 = await runPythonScript<{ conversation_id: string; output: string; messages_json: string }>(
        'pai_turn.py',
        {
          prompt: 'Remember the code PY-17 and reply stored.',
          model: 'openai',
          openai: { base_url: fake.baseURL, conversation_id: conv.id },
        },
        { OTEL_TRACES_EXPORTER: 'none' },
      );
      expect(t1.output).toBe('stored');
      const history = parseMessages(t1.messages_json);
      const pyResponse = history.at(-1) as ModelResponse;
      // Where pydantic-ai keeps the OpenAI conversation: provider_details.conversation_id, provider 'openai'.
      expect(pyResponse.provider_details?.conversation_id).toBe(conv.id);
      expect(pyResponse.provider_name).toBe('openai');

      const agent = new Agent({
        name: 'ts-agent',
        model: new OpenAIResponsesModel('gpt-4.1', { client }),
        instructions: 'Follow the user instructions exactly.',
      });
      const r2 = await agent.run('What was the code?', {
        messageHistory: history,
        modelSettings: { openaiConversationId: 'auto' },
      });
      expect(r2.output).toBe('PY-17');
      expect(r2.conversationId).toBe(t1.conversation_id);
      expect((r2.allMessages().at(-1) as ModelResponse).provider_details?.conversation_id).toBe(conv.id);

      const bodies = fake.requests
        .filter((r) => r.path === '/v1/responses')
        .map((r) => r.body as { conversation?: string; input: unknown[] });
      expect(bodies).toHaveLength(2);
      // Python's request, then convtrace's: the same conversation, and only what OpenAI does not have yet.
      expect(bodies.map((b) => b.conversation)).toEqual([conv.id, conv.id]);
      expect(bodies[1]!.input).toEqual([{ role: 'user', content: 'What was the code?' }]);
      // The server-side conversation holds each item once.
      const items = fake.conversations.get(conv.id)!;
      const texts = items.map((i) => (i.content as { text: string }[])[0]!.text);
      expect(texts).toEqual([
        'Remember the code PY-17 and reply stored.',
        'stored',
        'What was the code?',
        'PY-17',
      ]);
    },
    PYTHON_TEST_TIMEOUT,
  );

  it(
    "and back: pydantic-ai continues convtrace's conv_… with 'auto' on the history convtrace saved",
    async () => {
      assertVenv();
      const conv = await client.conversations.create();
      fake.script({ text: 'stored' }, { text: 'TS-17' });
      const agent = new Agent({
        name: 'ts-agent',
        model: new OpenAIResponsesModel('gpt-4.1', { client }),
        instructions: 'Follow the user instructions exactly.',
      });
      const r1 = await agent.run('Remember the code TS-17 and reply stored.', {
        modelSettings: { openaiConversationId: conv.id },
      });
      const t2 = await runPythonScript<{ conversation_id: string; output: string; messages_json: string }>(
        'pai_turn.py',
        {
          prompt: 'What was the code?',
          history: serializeMessages(r1.allMessages()),
          model: 'openai',
          openai: { base_url: fake.baseURL, conversation_id: 'auto' },
        },
        { OTEL_TRACES_EXPORTER: 'none' },
      );
      expect(t2.output).toBe('TS-17');
      expect(t2.conversation_id).toBe(r1.conversationId);
      const last = parseMessages(t2.messages_json).at(-1) as ModelResponse;
      expect(last.provider_details?.conversation_id).toBe(conv.id);
      const bodies = fake.requests
        .filter((r) => r.path === '/v1/responses')
        .map((r) => r.body as { conversation?: string; input: unknown[] });
      expect(bodies.map((b) => b.conversation)).toEqual([conv.id, conv.id]);
      expect(bodies[1]!.input).toEqual([{ role: 'user', content: 'What was the code?' }]);
    },
    PYTHON_TEST_TIMEOUT,
  );
});
