/**
 * Errors name themselves once: every error class a public entry point exports extends
 * ConvtraceError, and its `name` (what `error.type` on a span shows) is its class name without the
 * class setting it (agents-core `errors.ts`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConvtraceError, RequestError } from '../../src/errors.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as {
  exports: Record<string, string | { default: string }>;
};

/** The src module behind each package entry point (`./register` only composes, with side effects). */
const entries = Object.entries(pkg.exports)
  .filter(([key]) => key !== './package.json' && key !== './register')
  .map(([key, target]) => {
    const dist = typeof target === 'string' ? target : target.default;
    return [key, dist.replace(/^\.\/dist\//, '../../src/').replace(/\.js$/, '.ts')] as const;
  });

type ErrorClass = new (...args: string[]) => Error;

async function exportedErrorClasses(): Promise<Map<string, ErrorClass>> {
  const found = new Map<string, ErrorClass>();
  for (const [key, path] of entries) {
    const mod = (await import(path)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (typeof value === 'function' && value.prototype instanceof Error) {
        found.set(`${key}:${name}`, value as ErrorClass);
      }
    }
  }
  return found;
}

describe('errors: one base that names itself', () => {
  it('every exported error extends ConvtraceError and is named after its class', async () => {
    const classes = await exportedErrorClasses();
    const names = [...new Set([...classes.values()].map((c) => c.name))].sort();
    // The classes this package promises; the scan must find at least these.
    for (const expected of [
      'ConvtraceError',
      'InvalidArgumentError',
      'MessageValidationError',
      'ModelRetry',
      'OpenAIStreamError',
      'RequestError',
      'UnexpectedModelBehaviorError',
      'UsageLimitExceededError',
      'UserError',
    ]) {
      expect(names).toContain(expected);
    }
    for (const [where, Cls] of classes) {
      const err = new Cls('a', 'b', 'c');
      expect.soft(err, where).toBeInstanceOf(ConvtraceError);
      expect.soft(err.name, where).toBe(Cls.name);
      expect.soft(String(err).startsWith(`${Cls.name}:`), where).toBe(true);
      // Named once, by the base: no subclass declares its own `name`.
      expect.soft(Object.hasOwn(Cls.prototype, 'name'), where).toBe(false);
    }
  });

  it('a subclass defined elsewhere is named after itself too', () => {
    class MyAppError extends ConvtraceError {}
    const err = new MyAppError('boom');
    expect(err.name).toBe('MyAppError');
    expect(err.message).toBe('boom');
  });

  it('there is one HTTP error type: the adapters export the same RequestError class', async () => {
    const agUi = await import('../../src/adapters/ag-ui/index.ts');
    const vercel = await import('../../src/adapters/vercel-ai/index.ts');
    expect(agUi.RequestError).toBe(RequestError);
    expect(vercel.RequestError).toBe(RequestError);
    const err = new RequestError(413, 'body', 'too large');
    expect([err.status, err.field, err.name]).toEqual([413, 'body', 'RequestError']);
  });
});
