import { context, DiagLogLevel, diag } from '@opentelemetry/api';
import { streamText } from 'ai';
import { afterAll, describe, expect, it } from 'vitest';
import { chatRun } from '../../src/bridges/ai-sdk/chat-run.ts';
import { ConvtraceTelemetry } from '../../src/bridges/ai-sdk/telemetry.ts';
import { getRunBaggageAttributes } from '../../src/conversation/baggage.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { captureSpans } from '../../src/testing/index.ts';
import { mockModel } from '../support/ai-sdk-mock.ts';

const capture = captureSpans();
afterAll(() => capture.shutdown());

const withIds = (conversationId: string, runId = 'r-old') => ({
  id: 'm',
  role: 'assistant',
  metadata: { convtrace: { conversationId, runId } },
  parts: [],
});
const user = { id: 'u', role: 'user', parts: [{ type: 'text', text: 'hi' }] };

describe('chatRun resolves the conversation id: explicit > chat id > messages metadata > fresh', () => {
  it('explicit wins over the chat id and the metadata', () => {
    const run = chatRun(
      { conversationId: 'c-explicit', chatId: 'chat', messages: [withIds('c-meta')] },
      (r) => r,
    );
    expect(run.conversationId).toBe('c-explicit');
  });

  it("'new' forks even with a chat id", () => {
    const run = chatRun({ conversationId: 'new', chatId: 'chat' }, (r) => r);
    expect(run.conversationId).not.toBe('chat');
    expect(run.conversationId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('the chat id wins over the metadata', () => {
    expect(chatRun({ chatId: 'chat', messages: [withIds('c-meta')] }, (r) => r.conversationId)).toBe('chat');
  });

  it('without ids, the newest metadata id on the messages', () => {
    const messages = [withIds('c-old'), user, withIds('c-new'), user];
    expect(chatRun({ messages }, (r) => r.conversationId)).toBe('c-new');
  });

  it('with nothing, a fresh UUIDv7, and a fresh run id every time', () => {
    const a = chatRun({ messages: [user] }, (r) => r);
    const b = chatRun({ messages: [user] }, (r) => r);
    expect(a.conversationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(a.conversationId).not.toBe(b.conversationId);
    expect(a.runId).not.toBe(b.runId);
  });

  it('the ids are in baggage inside fn (also after an await), not outside', async () => {
    const seen = await chatRun({ chatId: 'chat-b', agentName: 'support' }, async (run) => {
      await new Promise((r) => setTimeout(r, 1));
      return { run, baggage: getRunBaggageAttributes() };
    });
    expect(seen.baggage).toEqual({
      'gen_ai.agent.name': 'support',
      'gen_ai.agent.call.id': seen.run.runId,
      'gen_ai.conversation.id': 'chat-b',
    });
    expect(getRunBaggageAttributes(context.active())).toEqual({});
  });

  it('messageMetadata writes the ids at the start part only', () => {
    const run = chatRun({ chatId: 'chat-m' }, (r) => r);
    expect(run.messageMetadata({ part: { type: 'start' } })).toEqual({
      convtrace: { conversationId: 'chat-m', runId: run.runId },
    });
    expect(run.messageMetadata({ part: { type: 'text-delta' } })).toBeUndefined();
  });
});

describe('bad input gets a typed error naming the field', () => {
  const field = (f: () => unknown) => {
    try {
      f();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidArgumentError);
      return (err as InvalidArgumentError).field;
    }
    return 'no error';
  };

  it('names chatId, messages, conversationId and agentName', () => {
    expect(field(() => chatRun({ chatId: 42 as never }, () => 0))).toBe('chatId');
    expect(field(() => chatRun({ chatId: 'x'.repeat(10_000) }, () => 0))).toBe('chatId');
    expect(field(() => chatRun({ messages: {} as never }, () => 0))).toBe('messages');
    expect(field(() => chatRun({ messages: [withIds('y'.repeat(10_000))] }, () => 0))).toBe('messages');
    expect(field(() => chatRun({ conversationId: 'z'.repeat(10_000) }, () => 0))).toBe('conversationId');
    expect(field(() => chatRun({ agentName: '' }, () => 0))).toBe('agentName');
    expect(field(() => new ConvtraceTelemetry({ agentName: '' }))).toBe('agentName');
  });

  it('metadata that is not convtrace-shaped is ignored, not trusted', () => {
    const odd = [
      { id: 'a', role: 'assistant', metadata: { convtrace: { conversationId: 7 } }, parts: [] },
      { id: 'b', role: 'assistant', metadata: 'text', parts: [] },
      null,
    ];
    expect(chatRun({ messages: odd }, (r) => r.conversationId)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('ConvtraceTelemetry never throws into the app', () => {
  it('an unknown call id passes tool and model work through untouched', async () => {
    const t = new ConvtraceTelemetry();
    await expect(t.executeTool({ callId: 'nope', toolCallId: 't', execute: async () => 5 })).resolves.toBe(5);
    await expect(t.executeLanguageModelCall({ callId: 'nope', execute: async () => 6 })).resolves.toBe(6);
    expect(t.idsOf('nope')).toBeUndefined();
  });

  it('calls that never end are forgotten past maxOpenCalls, and the count is reported', async () => {
    const warnings: string[] = [];
    diag.setLogger(
      {
        ...console,
        warn: (m: string) => warnings.push(m),
        error: () => {},
        info: () => {},
        debug: () => {},
        verbose: () => {},
      },
      DiagLogLevel.WARN,
    );
    try {
      const t = new ConvtraceTelemetry({ maxOpenCalls: 1 });
      const abort = new AbortController();
      // Streams nobody reads: started (onStart), never finished.
      for (let i = 0; i < 3; i++) {
        streamText({
          model: mockModel('x'),
          prompt: 'p',
          abortSignal: abort.signal,
          telemetry: { integrations: t },
        });
      }
      await new Promise((r) => setTimeout(r, 20));
      abort.abort();
      expect(warnings.filter((w) => w.includes('AI SDK calls open'))).toEqual([
        expect.stringContaining('(1 so far)'),
        expect.stringContaining('(2 so far)'),
      ]);
    } finally {
      diag.disable();
    }
  });
});
