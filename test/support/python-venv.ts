/**
 * The Python virtualenvs the test/python suites run in, built by one builder:
 * - `.cache/venv` from `test/python/requirements.txt`: pydantic-ai and opentelemetry-python;
 * - `.cache/venv-phoenix` from `test/python/phoenix-requirements.txt`: the Phoenix server (its own
 *   venv, so its ~140 pinned dependencies never have to agree with the first set).
 *
 * The global setup builds each one when it is missing or was built from another version of its
 * requirements file (a stamp holds the file's hash), and reuses it otherwise. Locally, a machine
 * without Python 3 skips the python suites; under `CI=true` a venv that could not be built fails them
 * (like the pipeline binaries in binaries.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IS_CI, ROOT_DIR } from './binaries.ts';

/** A git-ignored virtualenv under `.cache/`, built from a pinned requirements file. */
export interface PythonVenv {
  /** The venv folder. */
  readonly dir: string;
  /** The pinned requirements it is built from. */
  readonly requirements: string;
  /** Its interpreter. */
  readonly python: string;
  /** Where the last build wrote its output (named in the error when the build failed). */
  readonly log: string;
  /** Said when building, e.g. `~1 min`. */
  readonly buildTime: string;
}

function pythonVenv(name: string, requirements: string, buildTime: string): PythonVenv {
  const dir = join(ROOT_DIR, '.cache', name);
  return {
    dir,
    requirements: join(ROOT_DIR, 'test', 'python', requirements),
    python: join(dir, 'bin', 'python'),
    log: join(ROOT_DIR, '.cache', `${name}-build.log`),
    buildTime,
  };
}

/** pydantic-ai, opentelemetry-python and what the small Python services need. */
export const TEST_VENV: PythonVenv = pythonVenv('venv', 'requirements.txt', '~1 min');
/** The Arize Phoenix server (test/python/phoenix.test.ts). */
export const PHOENIX_VENV: PythonVenv = pythonVenv(
  'venv-phoenix',
  'phoenix-requirements.txt',
  '~2-5 min, ~850 MB',
);

/** {@link TEST_VENV}'s folder. */
export const VENV_DIR: string = TEST_VENV.dir;
/** {@link TEST_VENV}'s pinned requirements. */
export const REQUIREMENTS_FILE: string = TEST_VENV.requirements;
/** {@link TEST_VENV}'s interpreter. */
export const VENV_PYTHON: string = TEST_VENV.python;
/** {@link TEST_VENV}'s build output. */
export const VENV_LOG: string = TEST_VENV.log;

/** The interpreter that creates the venvs (override with `CONVTRACE_PYTHON`). */
const BASE_PYTHON = process.env.CONVTRACE_PYTHON ?? 'python3';

const stampFile = (venv: PythonVenv): string => join(venv.dir, '.requirements.sha256');

function requirementsHash(venv: PythonVenv): string {
  return createHash('sha256').update(readFileSync(venv.requirements)).digest('hex');
}

/** True when the venv exists and was built from the current requirements file. */
export function venvReady(venv: PythonVenv = TEST_VENV): boolean {
  try {
    return existsSync(venv.python) && readFileSync(stampFile(venv), 'utf8').trim() === requirementsHash(venv);
  } catch {
    return false;
  }
}

/** Whether a base Python 3 interpreter with the venv module is on this machine. */
export function hasBasePython(): boolean {
  return spawnSync(BASE_PYTHON, ['-c', 'import venv, ensurepip'], { stdio: 'ignore' }).status === 0;
}

/**
 * Builds the venv if it is missing or stale. Returns an error message, or undefined on success. The
 * stamp is written last, so an interrupted build is redone on the next run.
 */
export function ensureVenv(venv: PythonVenv = TEST_VENV): string | undefined {
  if (venvReady(venv)) return undefined;
  if (!hasBasePython())
    return `${BASE_PYTHON} with the venv module not found (Debian: apt-get install python3-venv)`;
  console.log(`[convtrace] building the Python virtualenv ${venv.dir} (first run only; ${venv.buildTime})`);
  mkdirSync(join(ROOT_DIR, '.cache'), { recursive: true });
  rmSync(venv.dir, { recursive: true, force: true });
  const log: string[] = [];
  const step = (cmd: string, args: string[]): boolean => {
    const r = spawnSync(cmd, args, { cwd: ROOT_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    log.push(`$ ${cmd} ${args.join(' ')}`, r.stdout ?? '', r.stderr ?? '', r.error ? String(r.error) : '');
    return r.status === 0;
  };
  const started = Date.now();
  const ok =
    step(BASE_PYTHON, ['-m', 'venv', venv.dir]) &&
    step(venv.python, [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '-q',
      '-r',
      venv.requirements,
    ]);
  log.push(`# ${ok ? 'built' : 'failed'} in ${Math.round((Date.now() - started) / 1000)} s`);
  writeFileSync(venv.log, log.join('\n'));
  if (!ok) return `building ${venv.dir} failed; see ${venv.log}`;
  writeFileSync(stampFile(venv), `${requirementsHash(venv)}\n`);
  return undefined;
}

/** Whether the suites of this venv should run: always under CI (then {@link assertVenv} fails), else when it is ready. */
export function shouldRunPythonTests(venv: PythonVenv = TEST_VENV): boolean {
  return IS_CI || venvReady(venv);
}

/** Throws a clear error when the venv is not ready. Call it from `beforeAll` of every python suite. */
export function assertVenv(venv: PythonVenv = TEST_VENV): void {
  if (venvReady(venv)) return;
  const detail = existsSync(venv.log) ? ` Last build output: ${venv.log}.` : '';
  throw new Error(
    `Python virtualenv missing or stale: ${venv.dir} (built from ${venv.requirements} by the vitest ` +
      `global setup; needs python3 with venv and PyPI).${detail}`,
  );
}
