/**
 * The downstream service of test/fixtures/services/downstream.mjs, started as a second process with
 * `node --import convtrace/register` (the built package) and exporting to `otlpEndpoint`.
 */
import { fileURLToPath } from 'node:url';
import { startChildService } from './child-service.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** A running downstream service. */
export interface Downstream {
  port: number;
  stop(): Promise<void>;
}

/** Options of {@link startDownstream}. */
export interface DownstreamOptions {
  /** `service.name` of its spans; default `downstream`. */
  serviceName?: string;
  /** More environment (sampler, baggage policy, ...), as an operator would configure it. */
  env?: Record<string, string>;
}

/** Starts the service on an ephemeral loopback port; its spans go to `otlpEndpoint`. */
export async function startDownstream(
  otlpEndpoint: string,
  options: DownstreamOptions = {},
): Promise<Downstream> {
  const service = await startChildService(
    process.execPath,
    ['--import', 'convtrace/register', 'test/fixtures/services/downstream.mjs'],
    {
      cwd: root,
      env: {
        ...process.env,
        OTEL_SERVICE_NAME: options.serviceName ?? 'downstream',
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        ...options.env,
      },
    },
  );
  return { port: service.port, stop: () => service.stop() };
}
