/**
 * A real Arize Phoenix server (from `.cache/venv-phoenix`, see python-venv.ts) on free loopback ports
 * with its default SQLite store in a fresh temporary working directory, started and stopped by a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanEnv, ManagedProcess, waitForHttp } from './pipeline.ts';
import { freePorts } from './ports.ts';
import { PHOENIX_VENV } from './python-venv.ts';

/** How long Phoenix may take to answer `/healthz`: ~30–50 s on a loaded two-core machine (migrations, imports). */
export const PHOENIX_START_TIMEOUT = 180_000;

/** A running Phoenix. */
export interface Phoenix {
  /** Base URL, e.g. `http://127.0.0.1:6006`; the REST API is under `/v1`. */
  readonly url: string;
  /** Its OTLP/HTTP traces endpoint (`application/x-protobuf` only). */
  readonly tracesUrl: string;
  /** GETs `path` (under {@link url}): the status, and the JSON body when it is a 2xx (errors are plain text). */
  get<T>(path: string): Promise<{ status: number; body: T | undefined; text: string }>;
  /** Stops the server and removes its working directory. */
  stop(): Promise<void>;
}

/** Starts `phoenix serve` and waits until it is healthy. */
export async function startPhoenix(): Promise<Phoenix> {
  const [port, grpcPort] = (await freePorts(2)) as [number, number];
  const workDir = await mkdtemp(join(tmpdir(), 'convtrace-phoenix-'));
  const url = `http://127.0.0.1:${port}`;
  const proc = new ManagedProcess({
    name: 'phoenix',
    command: join(PHOENIX_VENV.dir, 'bin', 'phoenix'),
    args: ['serve'],
    cwd: workDir,
    env: cleanEnv({
      PHOENIX_HOST: '127.0.0.1',
      PHOENIX_PORT: String(port),
      PHOENIX_GRPC_PORT: String(grpcPort),
      PHOENIX_WORKING_DIR: workDir,
      // Loopback only: no telemetry pixels, fonts or downloads of Phoenix's own.
      PHOENIX_TELEMETRY_ENABLED: 'false',
      PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
    }),
  });
  const stop = async (): Promise<void> => {
    await proc.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  proc.start();
  try {
    await waitForHttp(`${url}/healthz`, proc, PHOENIX_START_TIMEOUT);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    tracesUrl: `${url}/v1/traces`,
    async get<T>(path: string) {
      const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(30_000) });
      const text = await res.text();
      return { status: res.status, body: res.ok ? (JSON.parse(text) as T) : undefined, text };
    },
    stop,
  };
}
