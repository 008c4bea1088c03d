/**
 * A service in a child process (Python, `node --import convtrace/register`, an example): started,
 * awaited until its first stdout line says where it listens, stopped by a signal and awaited.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A running child service. */
export interface ChildService {
  /** The first stdout line (`{"port": N}` or `listening on http://…`). */
  readyLine: string;
  /** The port read from that line. */
  port: number;
  child: ChildProcess;
  /** Sends `signal` (default SIGTERM) and waits for the exit; the service flushes its spans on the way out. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Options of {@link startChildService}. */
export interface ChildServiceOptions {
  cwd?: string;
  env: NodeJS.ProcessEnv;
}

/** Starts `command args…` and resolves once it printed its first line (rejects if it exits first). */
export async function startChildService(
  command: string,
  args: string[],
  options: ChildServiceOptions,
): Promise<ChildService> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${args.join(' ')} exited with ${code} before listening`);
  });
  exited.catch(() => {});
  const [readyLine] = (await Promise.race([
    once(createInterface({ input: child.stdout! }), 'line'),
    exited,
  ])) as [string];
  const port = Number(/"port":\s*(\d+)/.exec(readyLine)?.[1] ?? /:(\d+)\b/.exec(readyLine)?.[1]);
  return {
    readyLine,
    port,
    child,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const done = once(child, 'exit');
      child.kill(signal);
      await done;
    },
  };
}
