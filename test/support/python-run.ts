/**
 * Spawning the venv's Python (see python-venv.ts) with the scripts in test/python: one-shot scripts
 * that read a JSON config on stdin and print one JSON line, and services that print `{"port": N}`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT_DIR } from './binaries.ts';
import { VENV_PYTHON } from './python-venv.ts';

/** Test timeout for a test that starts Python: each start imports pydantic-ai (~1 s of CPU, far more on a busy machine). */
export const PYTHON_TEST_TIMEOUT = 120_000;

/** The folder holding the Python scripts (also their import path, for tracing.py). */
export const PYTHON_DIR: string = join(ROOT_DIR, 'test', 'python');

function pythonEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // No inherited OTEL_* settings: each test says where spans go.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  return { ...base, PYTHONPATH: PYTHON_DIR, PYTHONUNBUFFERED: '1', ...env };
}

/** Runs `script` with `config` as JSON on stdin; resolves with its last stdout line parsed as JSON. */
export async function runPythonScript<T>(
  script: string,
  config: unknown,
  env: Record<string, string> = {},
): Promise<T> {
  const child = spawn(VENV_PYTHON, [join(PYTHON_DIR, script)], {
    cwd: PYTHON_DIR,
    env: pythonEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  // A script that does not read stdin may exit first; that EPIPE is not an error of the test.
  child.stdin.on('error', () => {});
  child.stdin.end(JSON.stringify(config));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${stderr}`);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as T;
}

/** A running Python service. */
export interface PythonService {
  port: number;
  child: ChildProcess;
  /** SIGTERM, then wait for the exit (the service flushes its spans on the way out). */
  stop(): Promise<void>;
}

/** Starts `script args…` and waits for its `{"port": N}` line. */
export async function startPythonService(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<PythonService> {
  const child = spawn(VENV_PYTHON, [join(PYTHON_DIR, script), ...args], {
    cwd: PYTHON_DIR,
    env: pythonEnv(env),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${script} exited with ${code} before listening`);
  });
  const [line] = (await Promise.race([once(lines, 'line'), exited])) as [string];
  exited.catch(() => {});
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      await done;
    },
  };
}
