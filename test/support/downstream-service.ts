import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { ROOT_DIR } from './binaries.ts';

/** The receiving service of the baggage tests: test/fixtures/services/downstream.mjs. */
export interface DownstreamService {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts the downstream service as a second process with `node --import convtrace/register` (the
 * built package, resolved by name), exporting to `otlpUrl` as service `downstream`.
 */
export async function startDownstream(otlpUrl: string): Promise<DownstreamService> {
  const child = spawn(
    process.execPath,
    ['--import', 'convtrace/register', 'test/fixtures/services/downstream.mjs'],
    {
      cwd: ROOT_DIR,
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: 'downstream',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return {
    port: JSON.parse(line).port,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
