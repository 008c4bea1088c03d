/**
 * Cassette replay: the three recorded pydantic-ai cassettes served by the fake to the real `openai`
 * client, with the received request bodies compared against the recordings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type FakeOpenAI, readCassette } from '../support/fake-openai/index.ts';
import { useFakeOpenAI } from '../support/fake-openai-client.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/openai-cassettes');
const AUTO_WITHOUT_HISTORY = `${DIR}/test_openai_conversation_id_auto_without_history.yaml`;
const MISMATCHED = `${DIR}/test_openai_conversation_id_preserves_mismatched_history.yaml`;
const RESPECTS_SCOPE = `${DIR}/test_openai_conversation_id_auto_respects_pydantic_ai_conversation_id.yaml`;
const INSTRUCTIONS = 'Follow the user instructions exactly.';

let fake: FakeOpenAI;
let client: OpenAI;

useFakeOpenAI((started) => ({ fake, client } = started));

/** The fields convtrace tests compare between what was sent and what was recorded. */
function stateFields(body: unknown): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  return { input: b.input, conversation: b.conversation, previous_response_id: b.previous_response_id };
}

/** Asserts every request the fake received matches the recording's method, path and state fields. */
function expectRequestsMatchRecording(path: string): void {
  const recorded = readCassette(path);
  expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
    recorded.map((i) => `${i.method} ${i.path}`),
  );
  fake.requests.forEach((request, i) => {
    expect(stateFields(request.body)).toEqual(stateFields(recorded[i]?.requestBody));
  });
  expect(fake.cassetteRemaining).toBe(0);
}

describe('readCassette', () => {
  it('parses interactions, request bodies and strips framing headers', () => {
    const interactions = readCassette(RESPECTS_SCOPE);
    expect(interactions.map((i) => `${i.method} ${i.path}`)).toEqual([
      'POST /v1/conversations',
      'POST /v1/responses',
      'POST /v1/responses',
      'DELETE /v1/conversations/conv_010000000000000000000000000000000000000000000000',
    ]);
    expect(interactions[1]?.requestBody).toMatchObject({
      conversation: expect.stringMatching(/^conv_/),
      stream: false,
    });
    expect(interactions[3]?.requestBody).toBeUndefined();
    expect(interactions[0]?.responseHeaders).not.toHaveProperty('content-length');
    expect(interactions[0]?.responseHeaders).not.toHaveProperty('transfer-encoding');
    expect(interactions[0]?.responseHeaders['openai-version']).toBe('2020-10-01');
    expect(interactions[1]?.status).toBe(200);
  });
});

describe('replaying the recorded cassettes', () => {
  it('auto_without_history: one response without a conversation key', async () => {
    fake.loadCassette(AUTO_WITHOUT_HISTORY);
    const response = await client.responses.create({
      model: 'gpt-4.1',
      instructions: INSTRUCTIONS,
      input: [{ role: 'user', content: 'Reply exactly: no conversation' }],
      stream: false,
    });
    expect(response.output_text).toBe('no conversation');
    expect(response.model).toBe('gpt-4.1-2025-04-14');
    expect('conversation' in response).toBe(false);
    expectRequestsMatchRecording(AUTO_WITHOUT_HISTORY);
  });

  it('preserves_mismatched_history: full history resent into the conversation', async () => {
    fake.loadCassette(MISMATCHED);
    const conversation = await client.conversations.create();
    const response = await client.responses.create({
      model: 'gpt-4.1',
      instructions: 'Follow the user instructions exactly. When asked for a code, reply only with that code.',
      input: [
        { role: 'user', content: 'The local-only code is LOCAL-PAI-5222.' },
        { role: 'assistant', content: 'Understood.' },
        { role: 'assistant', content: 'Different OpenAI conversation acknowledged.' },
        { role: 'user', content: 'What is the local-only code?' },
      ],
      conversation: conversation.id,
      stream: false,
    });
    expect(response.output_text).toBe('LOCAL-PAI-5222');
    expect(response.conversation).toEqual({ id: conversation.id });
    const deleted = await client.conversations.delete(conversation.id);
    expect(deleted.deleted).toBe(true);
    expectRequestsMatchRecording(MISMATCHED);
  });

  it('auto_respects_pydantic_ai_conversation_id: second request forks without the conversation', async () => {
    fake.loadCassette(RESPECTS_SCOPE);
    const conversation = await client.conversations.create();
    const stored = await client.responses.create({
      model: 'gpt-4.1',
      instructions: INSTRUCTIONS,
      input: [{ role: 'user', content: 'Reply exactly: stored' }],
      conversation: conversation.id,
      stream: false,
    });
    expect(stored.output_text).toBe('stored');
    expect(stored.conversation?.id).toBe(conversation.id);
    const forked = await client.responses.create({
      model: 'gpt-4.1',
      instructions: INSTRUCTIONS,
      input: [
        { role: 'user', content: 'Reply exactly: stored' },
        { role: 'assistant', content: 'stored' },
        { role: 'user', content: 'Reply exactly: forked' },
      ],
      stream: false,
    });
    expect(forked.output_text).toBe('forked');
    expect('conversation' in forked).toBe(false);
    await client.conversations.delete(conversation.id);
    expectRequestsMatchRecording(RESPECTS_SCOPE);
  });

  it('replays every interaction generically from the recorded bodies', async () => {
    for (const path of [AUTO_WITHOUT_HISTORY, MISMATCHED, RESPECTS_SCOPE]) {
      fake.reset();
      const interactions = fake.loadCassette(path);
      for (const interaction of interactions) {
        const url = interaction.path.replace(/^\/v1/, '');
        const options = interaction.requestBody === undefined ? {} : { body: interaction.requestBody };
        const result =
          interaction.method === 'DELETE'
            ? await client.delete(url, options)
            : await client.post(url, options);
        expect(result).toEqual(interaction.responseBody);
      }
      expect(fake.cassetteRemaining).toBe(0);
    }
  });

  it('maps ids in paths to the recorded interaction and reports unmatched requests', async () => {
    fake.loadCassette(MISMATCHED);
    const deleted = await client.conversations.delete(
      'conv_ffffffffffffffffffffffffffffffffffffffffffffffff',
    );
    expect(deleted.id).toBe('conv_010000000000000000000000000000000000000000000000');
    await expect(client.conversations.delete('conv_ffffffffffffffffffffffff')).rejects.toMatchObject({
      status: 500,
      type: 'cassette_mismatch',
    });
    expect(fake.cassetteRemaining).toBe(2);
  });

  it('replays a streaming cassette (body.string SSE) to responses.stream()', async () => {
    fake.script({ text: 'streamed from tape' });
    const live = await fetch(`${fake.baseURL}/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', input: 'x', stream: true }),
    });
    const sse = await live.text();
    const cassette = {
      interactions: [
        {
          request: {
            method: 'POST',
            uri: 'https://api.openai.com/v1/responses',
            headers: {},
            parsed_body: { stream: true },
          },
          response: {
            status: { code: 200, message: 'OK' },
            headers: { 'content-type': ['text/event-stream; charset=utf-8'], 'content-length': ['1'] },
            body: { string: sse },
          },
        },
      ],
      version: 1,
    };
    const path = join(mkdtempSync(join(tmpdir(), 'fake-openai-')), 'stream.yaml');
    writeFileSync(path, stringify(cassette));
    fake.reset();
    fake.loadCassette(path);
    const final = await client.responses.stream({ model: 'gpt-4.1', input: 'x' }).finalResponse();
    expect(final.output_text).toBe('streamed from tape');
    expect(fake.cassetteRemaining).toBe(0);
  });
});
