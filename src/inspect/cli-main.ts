#!/usr/bin/env node
import { runCli } from './cli.ts';

/** The `convtrace` executable (package.json `bin`). */
const code = await runCli(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: process.stdout.isTTY === true,
  columns: process.stdout.columns,
});
process.exitCode = code;
