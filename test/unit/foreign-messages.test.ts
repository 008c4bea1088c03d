import { convertToModelMessages, type UIMessage } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { Agent } from '../../src/agent/agent.ts';
import { InvalidArgumentError, MessageValidationError } from '../../src/errors.ts';
import { parseMessages } from '../../src/messages/parse.ts';
import { agentRun } from '../../src/run/agent-run.ts';
import { captureSpans, TestModel } from '../../src/testing/index.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());

// What `useChat` keeps and a route handler receives.
const uiMessages: UIMessage[] = [
  { id: 'u1', role: 'user', parts: [{ type: 'text', text: 'weather in Paris?' }] },
  {
    id: 'a1',
    role: 'assistant',
    metadata: { convtrace: { conversationId: 'chat-1', runId: 'r1' } },
    parts: [{ type: 'text', text: 'sunny' }],
  },
];

describe('AI SDK messages where convtrace ModelMessages belong', () => {
  it('parseMessages names the element and says it looks like AI SDK UI messages', () => {
    const err = (() => {
      try {
        parseMessages(JSON.stringify(uiMessages));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(MessageValidationError);
    expect((err as MessageValidationError).path).toBe('[0]');
    expect((err as Error).message).toContain('AI SDK UI messages');
    expect((err as Error).message).toContain('uiToModelMessages');
  });

  it("parseMessages says so for the AI SDK's own ModelMessages too", async () => {
    const modelMessages = await convertToModelMessages(uiMessages);
    expect(() => parseMessages(modelMessages)).toThrow(/\[0\].*AI SDK ModelMessages/);
  });

  it('agent.run with UIMessages as messageHistory is an InvalidArgumentError naming the field; no run starts', async () => {
    capture.reset();
    const agent = new Agent({ name: 'weather', model: new TestModel() });
    const err = await agent
      .run('and tomorrow?', { messageHistory: uiMessages as never })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).field).toBe('messageHistory');
    expect((err as Error).message).toContain('messageHistory[0] looks like AI SDK UI messages');
    expect(() => agent.runStream('x', { messageHistory: uiMessages as never })).toThrow(InvalidArgumentError);
    await expect(agentRun({ messageHistory: uiMessages as never }, () => 1)).rejects.toThrow(
      /AI SDK UI messages/,
    );
    // Nothing ran, so no conversation id was minted for it.
    expect(capture.spans()).toHaveLength(0);
  });

  it('a UIMessage further down a valid history is found too', async () => {
    const valid = parseMessages([{ kind: 'request', parts: [{ part_kind: 'user-prompt', content: 'hi' }] }]);
    const mixed = [...valid, uiMessages[1]];
    await expect(
      new Agent({ model: new TestModel() }).run('x', { messageHistory: mixed as never }),
    ).rejects.toThrow(/messageHistory\[1\] looks like AI SDK UI messages/);
  });

  it('convtrace messages are unaffected', async () => {
    const history = parseMessages([
      { kind: 'request', parts: [{ part_kind: 'user-prompt', content: 'hi' }], conversation_id: 'c-1' },
    ]);
    const result = await new Agent({ model: new TestModel() }).run('again', { messageHistory: history });
    expect(result.conversationId).toBe('c-1');
  });
});
