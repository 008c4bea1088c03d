/**
 * Per-file test setup for the fake OpenAI server: starts it with a real `openai` client pointed at it,
 * resets it before each test and closes it after the file.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type FakeOpenAI, type FakeOpenAIOptions, startFakeOpenAI } from './fake-openai/index.ts';

/** The running fake and a real client that talks to it (no retries, key `sk-test`). */
export interface FakeOpenAIWithClient {
  fake: FakeOpenAI;
  client: OpenAI;
}

/**
 * Registers the vitest hooks of the calling file: before all tests start the fake (with `options`) and
 * hand it with its client to `onStart`; reset the fake before each test; close it after all tests.
 *
 * @example
 * let fake: FakeOpenAI;
 * let client: OpenAI;
 * useFakeOpenAI((started) => ({ fake, client } = started));
 */
export function useFakeOpenAI(
  onStart: (started: FakeOpenAIWithClient) => void,
  options?: FakeOpenAIOptions,
): void {
  let fake: FakeOpenAI | undefined;
  beforeAll(async () => {
    fake = await startFakeOpenAI(options);
    onStart({ fake, client: new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 }) });
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake?.reset());
}
