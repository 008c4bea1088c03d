/**
 * The Python virtualenv the test/python suites run pydantic-ai in.
 *
 * The global setup builds `.cache/venv` from the pinned `test/python/requirements.txt` (PyPI) when it
 * is missing or was built from another version of that file (a stamp holds the file's hash), and
 * reuses it otherwise. Locally, a machine without Python 3 skips the python suites; under `CI=true` a
 * venv that could not be built fails them (like the pipeline binaries in binaries.ts).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { IS_CI, ROOT_DIR } from './binaries.ts';

/** The git-ignored virtualenv. */
export const VENV_DIR: string = join(ROOT_DIR, '.cache', 'venv');
/** The pinned requirements the venv is built from. */
export const REQUIREMENTS_FILE: string = join(ROOT_DIR, 'test', 'python', 'requirements.txt');
/** The venv's interpreter. */
export const VENV_PYTHON: string = join(VENV_DIR, 'bin', 'python');
/** Where the last build wrote its output (named in the error when the build failed). */
export const VENV_LOG: string = join(ROOT_DIR, '.cache', 'venv-build.log');
const STAMP_FILE = join(VENV_DIR, '.requirements.sha256');
/** The interpreter that creates the venv (override with `CONVTRACE_PYTHON`). */
const BASE_PYTHON = process.env.CONVTRACE_PYTHON ?? 'python3';

function requirementsHash(): string {
  return createHash('sha256').update(readFileSync(REQUIREMENTS_FILE)).digest('hex');
}

/** True when the venv exists and was built from the current requirements file. */
export function venvReady(): boolean {
  try {
    return existsSync(VENV_PYTHON) && readFileSync(STAMP_FILE, 'utf8').trim() === requirementsHash();
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
export function ensureVenv(): string | undefined {
  if (venvReady()) return undefined;
  if (!hasBasePython())
    return `${BASE_PYTHON} with the venv module not found (Debian: apt-get install python3-venv)`;
  console.log('[convtrace] building the Python virtualenv for test/python (first run only; ~1 min)');
  mkdirSync(join(ROOT_DIR, '.cache'), { recursive: true });
  rmSync(VENV_DIR, { recursive: true, force: true });
  const log: string[] = [];
  const step = (cmd: string, args: string[]): boolean => {
    const r = spawnSync(cmd, args, { cwd: ROOT_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    log.push(`$ ${cmd} ${args.join(' ')}`, r.stdout ?? '', r.stderr ?? '', r.error ? String(r.error) : '');
    return r.status === 0;
  };
  const ok =
    step(BASE_PYTHON, ['-m', 'venv', VENV_DIR]) &&
    step(VENV_PYTHON, [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '-q',
      '-r',
      REQUIREMENTS_FILE,
    ]);
  writeFileSync(VENV_LOG, log.join('\n'));
  if (!ok) return `building ${VENV_DIR} failed; see ${VENV_LOG}`;
  writeFileSync(STAMP_FILE, `${requirementsHash()}\n`);
  return undefined;
}

/** Whether the python suites should run: always under CI (then {@link assertVenv} fails), else when the venv is ready. */
export function shouldRunPythonTests(): boolean {
  return IS_CI || venvReady();
}

/** Throws a clear error when the venv is not ready. Call it from `beforeAll` of every python suite. */
export function assertVenv(): void {
  if (venvReady()) return;
  const detail = existsSync(VENV_LOG) ? ` Last build output: ${VENV_LOG}.` : '';
  throw new Error(
    `Python virtualenv missing or stale: ${VENV_DIR} (built from ${REQUIREMENTS_FILE} by the vitest ` +
      `global setup; needs python3 with venv and PyPI).${detail}`,
  );
}
