import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Serves the page's script modules from `web/`. A built package has the compiled `web/*.js` next to
 * this file; when running from the TypeScript sources (tests, `node src/...`), the `.ts` module is
 * transpiled on first request with the `typescript` dev dependency. Only plain module names are
 * looked up, so no path can leave the directory.
 */

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');
const NAME_RE = /^[a-z][a-z0-9-]*$/;
const cache = new Map<string, Promise<string | undefined>>();

interface TranspileModule {
  transpileModule(
    input: string,
    options: { compilerOptions: Record<string, unknown>; fileName?: string },
  ): { outputText: string };
}

let typescript: Promise<TranspileModule> | undefined;

async function transpile(source: string, fileName: string): Promise<string> {
  typescript ??= import('typescript').then((m) => (m.default ?? m) as unknown as TranspileModule);
  const ts = await typescript;
  return ts.transpileModule(source, {
    fileName,
    compilerOptions: {
      target: 'es2022',
      module: 'esnext',
      rewriteRelativeImportExtensions: true,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
  }).outputText;
}

async function load(name: string): Promise<string | undefined> {
  const js = join(WEB_DIR, `${name}.js`);
  try {
    return await readFile(js, 'utf8');
  } catch {
    // not built: fall back to the TypeScript source
  }
  const tsFile = join(WEB_DIR, `${name}.ts`);
  let source: string;
  try {
    source = await readFile(tsFile, 'utf8');
  } catch {
    return undefined;
  }
  return transpile(source, tsFile);
}

/** The JavaScript of page module `name` (e.g. `app`), or undefined when there is none. */
export function pageModule(name: string): Promise<string | undefined> {
  if (!NAME_RE.test(name)) return Promise.resolve(undefined);
  let hit = cache.get(name);
  if (!hit) {
    hit = load(name);
    cache.set(name, hit);
  }
  return hit;
}
