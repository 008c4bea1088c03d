/**
 * Spawning the venv's Python (see python-venv.ts) with the scripts in test/python: one-shot scripts
 * that read a JSON config on stdin and print one JSON line, and services that print `{"port": N}`
 * (see child-service.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ROOT_DIR } from './binaries.ts';
import { type ChildService, startChildService } from './child-service.ts';
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

/** Starts the Python service `script args…` and waits for its `{"port": N}` line. */
export function startPythonService(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<ChildService> {
  return startChildService(VENV_PYTHON, [join(PYTHON_DIR, script), ...args], {
    cwd: PYTHON_DIR,
    env: pythonEnv(env),
  });
}
