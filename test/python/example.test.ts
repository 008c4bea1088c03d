/**
 * examples/python-interop (issue 17, item 5): the TypeScript agent and the pydantic-ai service share
 * one conversation, both against the local OpenAI, both exporting to the inspector's receiver. Also
 * checks the README section's Python snippet is the example's code.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleConversation } from '../../src/inspect/model/conversation-model.ts';
import { ROOT_DIR } from '../support/binaries.ts';
import { type ChildService, startChildService } from '../support/child-service.ts';
import { type FakeOpenAI, startFakeOpenAI } from '../support/fake-openai/index.ts';
import { PYTHON_TEST_TIMEOUT } from '../support/python-run.ts';
import { assertVenv, REQUIREMENTS_FILE, shouldRunPythonTests, VENV_PYTHON } from '../support/python-venv.ts';
import { readmeExample } from '../support/readme.ts';
import { type StoreReceiver, startStoreReceiver } from '../support/store-receiver.ts';

const run = promisify(execFile);
const EXAMPLE = join(ROOT_DIR, 'examples', 'python-interop');

describe('README section "Python services (pydantic-ai)"', () => {
  it('shows the example service code verbatim and pins what test/python installs', () => {
    const block = readmeExample('examples/python-interop/service.py', 'python');
    expect(block).toBeTruthy();
    expect(readFileSync(join(EXAMPLE, 'service.py'), 'utf8')).toContain(block!);
    // The example is tested with exactly the versions it tells users to install.
    const pinned = readFileSync(REQUIREMENTS_FILE, 'utf8').split('\n');
    for (const line of readFileSync(join(EXAMPLE, 'requirements.txt'), 'utf8').trim().split('\n')) {
      expect(pinned).toContain(line);
    }
  });
});

describe.runIf(shouldRunPythonTests())('examples/python-interop', () => {
  let fake: FakeOpenAI;
  let inspector: StoreReceiver;
  let service: ChildService | undefined;

  beforeAll(async () => {
    assertVenv();
    fake = await startFakeOpenAI();
    inspector = await startStoreReceiver();
  });
  afterAll(async () => {
    await service?.stop('SIGINT');
    await inspector?.close();
    await fake?.close();
  });

  it(
    'agent.ts and service.py share one conversation: three turns, two services, one conversation_id',
    async () => {
      const env = {
        ...process.env,
        OPENAI_BASE_URL: fake.baseURL,
        OPENAI_API_KEY: 'sk-test',
        OTEL_EXPORTER_OTLP_ENDPOINT: inspector.receiver.url,
      };
      service = await startChildService(VENV_PYTHON, [join(EXAMPLE, 'service.py')], {
        env: { ...env, PORT: '0' },
      });
      const url = /listening on (\S+)/.exec(service.readyLine)![1]!;

      const { stdout } = await run(process.execPath, [join(EXAMPLE, 'agent.ts'), url], {
        cwd: ROOT_DIR,
        env,
      });
      const out = JSON.parse(stdout.trim()) as {
        conversationId: string;
        conversationIds: string[];
        runIds: string[];
        output: string;
      };
      expect(out.output).toBe('echo: Back in TypeScript');
      expect(out.conversationIds).toEqual([out.conversationId]);
      expect(out.runIds).toHaveLength(3);
      // The Python turn saw the whole conversation (the fake's model context is the request input).
      const py = fake.requests.filter((r) => r.path === '/v1/responses')[1]!.body as { input: unknown[] };
      expect(py.input).toHaveLength(3);

      // SIGINT: the service flushes its batched spans and exits.
      await service.stop('SIGINT');
      const c = assembleConversation(
        await inspector.source.conversationSpans(out.conversationId),
        out.conversationId,
      );
      expect(c?.turns.map((t) => t.runId)).toEqual(out.runIds);
      expect(c!.turns.map((t) => t.spans[0]!.serviceName)).toEqual(['ts-agent', 'python-agent', 'ts-agent']);
      expect(c!.turns.every((t) => t.modelCalls === 1)).toBe(true);
    },
    PYTHON_TEST_TIMEOUT,
  );
});
