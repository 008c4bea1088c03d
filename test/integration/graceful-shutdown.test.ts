import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OtlpSink, startOtlpSink } from '../support/otlp-sink.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
let sink: OtlpSink;
beforeAll(async () => {
  sink = await startOtlpSink();
});
afterAll(() => sink.close());

/** Starts a fixture under `--import convtrace/register`, sends SIGTERM once it is ready, awaits its end. */
async function terminate(fixture: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'convtrace/register', fixture], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  await once(createInterface({ input: child.stdout }), 'line');
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  const [code, signal] = await exited;
  return { code, signal, stderr };
}

describe('convtrace/register at exit', () => {
  it('an app with its own SIGTERM handler is not killed: it finishes its drain and its last span is delivered', async () => {
    const { code, signal } = await terminate('test/fixtures/shutdown/own-handler.mjs', {
      OTEL_SERVICE_NAME: 'own-handler',
      OTEL_EXPORTER_OTLP_ENDPOINT: sink.url,
    });
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    await sink.waitFor((s) => s.some((x) => x.service === 'own-handler' && x.name === 'drain'));
  });

  it('without a handler and with the endpoint down: exits on SIGTERM after the bounded wait and prints the undelivered count', async () => {
    const down = await startOtlpSink();
    const url = down.url;
    await down.close();
    const { signal, stderr } = await terminate('test/fixtures/shutdown/no-handler.mjs', {
      OTEL_EXPORTER_OTLP_ENDPOINT: url,
      CONVTRACE_SHUTDOWN_TIMEOUT_MS: '500',
    });
    expect(signal).toBe('SIGTERM');
    expect(stderr).toContain('5 spans could not be delivered');
    expect(stderr).toContain('within 500 ms');
  });

  it('a script ending on its own while the endpoint accepts but never answers: exits after the bounded wait and prints the count', async () => {
    // Accepts connections, never answers: only aborting the in-flight export lets the process end.
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'convtrace/register', 'test/fixtures/shutdown/short-script.mjs'],
        {
          cwd: root,
          env: {
            ...process.env,
            OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
            OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '600000',
            CONVTRACE_SHUTDOWN_TIMEOUT_MS: '300',
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
      });
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(stderr).toContain('3 spans could not be delivered');
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
