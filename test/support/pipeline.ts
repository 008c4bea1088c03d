/**
 * Process supervisor for the real pipeline: starts Jaeger v2 and convtrace's collector on free
 * loopback ports with the shipped configs, waits until they are healthy, and stops, kills or restarts
 * them on the same ports. Child processes get a clean environment (PATH/HOME plus what the test sets),
 * so a developer's shell variables cannot change what a test sees. The Jaeger query client lives in
 * test/e2e/support/jaeger-api.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { COLLECTOR_DIR, DASHBOARDS_DIR, JAEGER_BIN, OTELCOL_BIN, ROOT_DIR } from './binaries.ts';
import { freePorts } from './ports.ts';

const LOG_LINES = 400;
const live = new Set<ChildProcess>();
/** Queue directories created by {@link startCollector}, removed when the test process exits. */
const queueDirs = new Set<string>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const dir of queueDirs) rmSync(dir, { recursive: true, force: true });
});

/** Environment for a child: PATH and HOME only, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const base: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR']) {
    const value = process.env[key];
    if (value !== undefined) base[key] = value;
  }
  return { ...base, ...extra };
}

/** Options of a {@link ManagedProcess}. */
export interface ManagedProcessOptions {
  /** Short name used in errors. */
  name: string;
  /** Executable. */
  command: string;
  /** Arguments. */
  args: string[];
  /** Complete environment of the child (see {@link cleanEnv}). */
  env: Record<string, string>;
  /** Working directory; default the package root. */
  cwd?: string;
}

/** One supervised child process with its recent output kept for error messages. */
export class ManagedProcess {
  readonly options: ManagedProcessOptions;
  #child: ChildProcess | undefined;
  #lines: string[] = [];
  #exit: Promise<number | null> = Promise.resolve(null);

  constructor(options: ManagedProcessOptions) {
    this.options = options;
  }

  /** Whether the child is running. */
  get running(): boolean {
    return this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** The last lines the child wrote to stdout/stderr. */
  output(): string {
    return this.#lines.join('\n');
  }

  /** Spawns the child (again, after a stop/kill). */
  start(): void {
    if (this.running) throw new Error(`${this.options.name} is already running`);
    const child = spawn(this.options.command, this.options.args, {
      cwd: this.options.cwd ?? ROOT_DIR,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    live.add(child);
    const keep = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        this.#lines.push(line);
        if (this.#lines.length > LOG_LINES) this.#lines.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.#exit = new Promise((resolve) => {
      child.once('exit', (code) => {
        live.delete(child);
        resolve(code);
      });
      child.once('error', (err) => {
        this.#lines.push(`spawn error: ${err.message}`);
        live.delete(child);
        resolve(-1);
      });
    });
  }

  /** Resolves with the exit code once the child has exited. */
  exited(): Promise<number | null> {
    return this.#exit;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.#exit;
    clearTimeout(timer);
  }

  /** SIGKILL: the process gets no chance to flush anything. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await this.#exit;
  }
}

/**
 * Polls `url` until it answers 200. Fails early, with the child's output, when `proc` exits.
 */
export async function waitForHttp(url: string, proc: ManagedProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!proc.running) {
      throw new Error(`${proc.options.name} exited before ${url} was ready:\n${proc.output()}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(100);
  }
  throw new Error(
    `${proc.options.name}: ${url} not ready after ${timeoutMs} ms (${last}):\n${proc.output()}`,
  );
}

/** Runs a binary to completion (e.g. `validate`) and returns its exit code and output. */
export async function runToCompletion(
  command: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const proc = new ManagedProcess({ name: `${command} ${args[0] ?? ''}`, command, args, env });
  proc.start();
  const timer = setTimeout(() => void proc.kill(), timeoutMs);
  const code = await proc.exited();
  clearTimeout(timer);
  return { code, output: proc.output() };
}

/** A started service: its process plus lifecycle helpers that keep the same ports. */
export interface ServiceHandle {
  /** The supervised process. */
  readonly process: ManagedProcess;
  /** Health URL polled by {@link ServiceHandle.restart}. */
  readonly healthUrl: string;
  /** Graceful stop. */
  stop(): Promise<void>;
  /** SIGKILL. */
  kill(): Promise<void>;
  /** Starts again on the same ports and waits until healthy. */
  restart(): Promise<void>;
}

function serviceHandle(proc: ManagedProcess, healthUrl: string): ServiceHandle {
  return {
    process: proc,
    healthUrl,
    stop: () => proc.stop(),
    kill: () => proc.kill(),
    async restart() {
      await proc.stop();
      proc.start();
      await waitForHttp(healthUrl, proc);
    },
  };
}

/** Options of {@link startJaeger}. */
export interface JaegerOptions {
  /** `memory` (collector/jaeger.yaml, default) or `badger` (collector/jaeger-badger.yaml). */
  storage?: 'memory' | 'badger';
  /** Badger data directory (required for `badger`). */
  badgerDir?: string;
  /** UI config file; default dashboards/jaeger-ui.json. */
  uiConfig?: string;
}

/** A running Jaeger. */
export interface JaegerHandle extends ServiceHandle {
  /** Query base URL: UI, `/api`, `/api/v3`. */
  readonly queryUrl: string;
  /** OTLP/gRPC receiver `host:port` (what the collector's `JAEGER_OTLP_ENDPOINT` wants). */
  readonly otlpGrpcEndpoint: string;
  /** OTLP/HTTP traces URL. */
  readonly otlpHttpTracesUrl: string;
}

/** Starts Jaeger v2 with a shipped config on free loopback ports and waits for it. */
export async function startJaeger(options: JaegerOptions = {}): Promise<JaegerHandle> {
  const storage = options.storage ?? 'memory';
  if (storage === 'badger' && !options.badgerDir) throw new Error('startJaeger: badgerDir is required');
  const [grpc, http, queryHttp, queryGrpc, health, metrics] = await freePorts(6);
  const env = cleanEnv({
    JAEGER_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
    JAEGER_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
    JAEGER_QUERY_HTTP_ENDPOINT: `127.0.0.1:${queryHttp}`,
    JAEGER_QUERY_GRPC_ENDPOINT: `127.0.0.1:${queryGrpc}`,
    JAEGER_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    JAEGER_METRICS_PORT: String(metrics),
    JAEGER_UI_CONFIG: options.uiConfig ?? join(DASHBOARDS_DIR, 'jaeger-ui.json'),
    ...(options.badgerDir ? { JAEGER_BADGER_DIR: options.badgerDir } : {}),
  });
  const config = join(COLLECTOR_DIR, storage === 'badger' ? 'jaeger-badger.yaml' : 'jaeger.yaml');
  const proc = new ManagedProcess({
    name: `jaeger(${storage})`,
    command: JAEGER_BIN,
    args: ['--config', config],
    env,
  });
  proc.start();
  const queryUrl = `http://127.0.0.1:${queryHttp}`;
  const healthUrl = `http://127.0.0.1:${health}/status`;
  const handle = serviceHandle(proc, healthUrl);
  const ready = async (): Promise<void> => {
    await waitForHttp(healthUrl, proc);
    await waitForHttp(`${queryUrl}/api/services`, proc);
  };
  await ready();
  return {
    ...handle,
    async restart() {
      await proc.stop();
      proc.start();
      await ready();
    },
    queryUrl,
    otlpGrpcEndpoint: `127.0.0.1:${grpc}`,
    otlpHttpTracesUrl: `http://127.0.0.1:${http}/v1/traces`,
  };
}

/** Options of {@link startCollector}. */
export interface CollectorOptions {
  /** Config files, merged in order; default `[collector/otelcol.yaml]`. */
  configs?: string[];
  /**
   * Extra environment (e.g. `JAEGER_OTLP_ENDPOINT`, `CONVTRACE_CAPTURE_CONTENT`). Without
   * `CONVTRACE_QUEUE_DIR` the collector gets a fresh temporary queue directory of its own (two
   * collectors cannot share one: the persistent queue's file is locked).
   */
  env?: Record<string, string>;
  /** Name used in errors. */
  name?: string;
}

/** A running collector. */
export interface CollectorHandle extends ServiceHandle {
  /** OTLP/HTTP traces URL for an SDK exporter. */
  readonly otlpHttpTracesUrl: string;
  /** OTLP/gRPC receiver `host:port`. */
  readonly otlpGrpcEndpoint: string;
  /** The persistent sending queue's directory (kept across {@link ServiceHandle.restart}). */
  readonly queueDir: string;
  /** The collector's own Prometheus metrics (`otelcol_exporter_*`, `otelcol_receiver_*`). */
  readonly metricsUrl: string;
}

/** Starts convtrace's collector with the given configs on free loopback ports and waits for it. */
export async function startCollector(options: CollectorOptions = {}): Promise<CollectorHandle> {
  const [grpc, http, health, metrics] = await freePorts(4);
  let queueDir = options.env?.CONVTRACE_QUEUE_DIR;
  if (queueDir === undefined) {
    queueDir = mkdtempSync(join(tmpdir(), 'convtrace-otelcol-queue-'));
    queueDirs.add(queueDir);
  }
  const env = cleanEnv({
    CONVTRACE_OTLP_GRPC_ENDPOINT: `127.0.0.1:${grpc}`,
    CONVTRACE_OTLP_HTTP_ENDPOINT: `127.0.0.1:${http}`,
    CONVTRACE_HEALTH_ENDPOINT: `127.0.0.1:${health}`,
    CONVTRACE_METRICS_PORT: String(metrics),
    CONVTRACE_QUEUE_DIR: queueDir,
    ...options.env,
  });
  const configs = options.configs ?? [join(COLLECTOR_DIR, 'otelcol.yaml')];
  const proc = new ManagedProcess({
    name: options.name ?? 'otelcol',
    command: OTELCOL_BIN,
    args: configs.flatMap((config) => ['--config', config]),
    env,
  });
  proc.start();
  const healthUrl = `http://127.0.0.1:${health}/`;
  await waitForHttp(healthUrl, proc);
  return {
    ...serviceHandle(proc, healthUrl),
    otlpHttpTracesUrl: `http://127.0.0.1:${http}/v1/traces`,
    otlpGrpcEndpoint: `127.0.0.1:${grpc}`,
    queueDir,
    metricsUrl: `http://127.0.0.1:${metrics}/metrics`,
  };
}
