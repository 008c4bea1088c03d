import OpenAI from 'openai';
import OpenAIv5 from 'openai-v5';
import OpenAIv6 from 'openai-v6';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import type { ModelResponse } from '../../src/messages/types.ts';
import { OpenAIChatModel } from '../../src/models/openai/chat-model.ts';
import { OpenAIResponsesModel } from '../../src/models/openai/responses-model.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { type FakeOpenAI, startFakeOpenAI, toolCallingResponder } from '../support/fake-openai/index.ts';

const capture = captureSpans();
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI({ responder: toolCallingResponder });
});
afterAll(async () => {
  await fake.close();
  await capture.shutdown();
});
beforeEach(() => {
  fake.reset();
  fake.setResponder(toolCallingResponder);
  capture.reset();
});

const IDS = ['gen_ai.agent.name', 'gen_ai.agent.call.id', 'gen_ai.conversation.id'] as const;
type AnyClient = ConstructorParameters<typeof OpenAIResponsesModel>[1]['client'];
const makers = {
  responses: (client: AnyClient) => new OpenAIResponsesModel('gpt-4.1', { client }),
  chat: (client: AnyClient) => new OpenAIChatModel('gpt-4.1', { client }),
};
const sdks = { v7: OpenAI, v6: OpenAIv6, v5: OpenAIv5 } as const;
const cases = Object.entries(sdks).flatMap(([v, Sdk]) =>
  Object.entries(makers).map(([api, make]) => [`${api} (openai ${v})`, api, make, Sdk] as const),
);

describe.each(cases)('Agent on the OpenAI %s model', (_label, api, make, Sdk) => {
  const build = () => {
    const client = new Sdk({ baseURL: fake.baseURL, apiKey: 'sk-secret-key-123', maxRetries: 0 });
    const weather = tool({
      name: 'get_weather',
      parameters: z.object({ city: z.string() }),
      execute: ({ city }) => `sunny in ${city}`,
    });
    return new Agent({ name: `oa-${api}`, model: make(client), instructions: 'Be brief.', tools: [weather] });
  };

  for (const stream of [false, true]) {
    it(`${stream ? 'streaming' : 'non-streaming'}: tool call round trip, one chat span per model call, all carrying the three ids`, async () => {
      const agent = build();
      let result: { output: string; runId: string; conversationId: string; allMessages(): unknown[] };
      if (stream) {
        const s = agent.runStream('weather in Paris?', { conversationId: 'conv-oa' });
        let text = '';
        for await (const d of s) text += d;
        result = await s.result;
        expect(text).toBe(result.output);
      } else {
        result = await agent.run('weather in Paris?', { conversationId: 'conv-oa' });
      }
      expect(result.output).toMatch(/^tool said: sunny in/);
      const spans = capture.spans();
      const chats = spans.filter((s) => s.name === 'chat gpt-4.1');
      expect(chats).toHaveLength(2);
      expect(spans.filter((s) => s.name.startsWith('execute_tool'))).toHaveLength(1);
      for (const s of spans)
        expect(IDS.map((k) => s.attributes[k])).toEqual([`oa-${api}`, result.runId, 'conv-oa']);
      for (const c of chats) {
        expect(c.attributes['gen_ai.provider.name']).toBe('openai');
        expect(c.attributes['openai.api.type']).toBe(api === 'chat' ? 'chat_completions' : 'responses');
        expect(c.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
        expect(JSON.stringify(c.attributes)).not.toContain('sk-secret-key-123');
        expect(JSON.stringify(c.attributes)).not.toContain('weather in Paris');
      }
      const responses = (result.allMessages() as ModelResponse[]).filter((m) => m.kind === 'response');
      expect(responses.map((r) => r.provider_name)).toEqual(['openai', 'openai']);
      expect(responses[0]!.provider_response_id).toBeTruthy();
      expect(responses[0]!.finish_reason).toBe('tool_call');
      expect(responses[1]!.finish_reason).toBe('stop');
    });
  }

  it('an HTTP error becomes a failed run with error spans', async () => {
    fake.script({ error: { status: 500, message: 'boom' } });
    await expect(build().run('hi')).rejects.toThrow();
    const chat = capture.spans().find((s) => s.name === 'chat gpt-4.1')!;
    expect(chat.status.code).toBe(2);
    expect(chat.attributes['error.type']).toBeTruthy();
  });
});

describe('without client instrumentation', () => {
  it('instrument: false leaves the client alone and the agent makes the chat span itself (still exactly one)', async () => {
    const client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 });
    const model = new OpenAIResponsesModel('gpt-4.1', { client, instrument: false });
    expect(model.emitsChatSpans).toBe(false);
    const r = await new Agent({ model }).run('hello');
    expect(r.output).toBe('echo: hello');
    const chats = capture.spans().filter((s) => s.name === 'chat gpt-4.1');
    expect(chats).toHaveLength(1);
    expect(chats[0]!.attributes['gen_ai.conversation.id']).toBe(r.conversationId);
  });
});
