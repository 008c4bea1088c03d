/**
 * The downstream service of test/fixtures/services/downstream.mjs, started as a second process with
 * `node --import convtrace/register` (the built package) and exporting to `otlpEndpoint`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A running downstream service. */
export interface Downstream {
  port: number;
  stop(): Promise<void>;
}

/** Starts the service on an ephemeral loopback port; its spans go to `otlpEndpoint` as `downstream`. */
export async function startDownstream(otlpEndpoint: string): Promise<Downstream> {
  const child = spawn(
    process.execPath,
    ['--import', 'convtrace/register', 'test/fixtures/services/downstream.mjs'],
    {
      cwd: root,
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: 'downstream',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
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
