import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMessages } from '../../src/messages/parse.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

describe('examples/openai-conversation.ts', () => {
  it('three processes continue one OpenAI conversation through a JSON history, never resending stored items', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'convtrace-')), 'history.json');
    const env = {
      ...process.env,
      OPENAI_BASE_URL: fake.baseURL,
      OPENAI_API_KEY: 'sk-test',
      OTEL_TRACES_EXPORTER: 'none',
      OTEL_SDK_DISABLED: 'true',
    };
    const outs = [];
    for (const prompt of ['first', 'second', 'third']) {
      const { stdout } = await run(process.execPath, ['examples/openai-conversation.ts', file, prompt], {
        cwd: root,
        env,
      });
      outs.push(JSON.parse(stdout.trim()));
    }
    expect(outs.map((o) => o.output)).toEqual(['echo: first', 'echo: second', 'echo: third']);
    expect(new Set(outs.map((o) => o.conversationId)).size).toBe(1);
    const [conv] = [...fake.conversations.keys()];
    const items = fake.conversations.get(conv!)!;
    const userText = (i: (typeof items)[number]) => (i.content as { text: string }[])[0]!.text;
    expect(items.filter((i) => i.role === 'user').map(userText)).toEqual(['first', 'second', 'third']);
    const bodies = fake.requests
      .filter((r) => r.path === '/v1/responses')
      .map((r) => r.body as { input: unknown[]; conversation: string });
    expect(bodies.map((b) => b.input.length)).toEqual([1, 1, 1]);
    expect(bodies.every((b) => b.conversation === conv)).toBe(true);
    expect(parseMessages(await readFile(file, 'utf8'))).toHaveLength(6);
  });
});
