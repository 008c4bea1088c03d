#!/usr/bin/env node
import { runCli } from './cli.ts';

// `convtrace show … | head`: the reader went away; stop quietly like other Unix tools, no EPIPE trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code !== 'EPIPE') throw err;
  process.exit(process.exitCode ?? 0);
});

/** The `convtrace` executable (package.json `bin`). */
const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns,
});
process.exitCode = code;
