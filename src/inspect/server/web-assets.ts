import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Serves the page's script modules: `web/` (the browser-only page) and `display/` (pure parsing and formatting
 * the page shares with the server), as `/assets/<folder>/<name>.js` so their relative imports resolve.
 * A built package has the compiled `.js` files; when running from the TypeScript sources (tests,
 * `node src/...`), the `.ts` module is transpiled on first request with the `typescript` dev
 * dependency. Only these folders and plain module names are looked up, so no path can leave them.
 */

const INSPECT_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAGE_FOLDERS = new Set(['web', 'display']);
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

async function load(folder: string, name: string): Promise<string | undefined> {
  const js = join(INSPECT_DIR, folder, `${name}.js`);
  try {
    return await readFile(js, 'utf8');
  } catch {
    // not built: fall back to the TypeScript source
  }
  const tsFile = join(INSPECT_DIR, folder, `${name}.ts`);
  let source: string;
  try {
    source = await readFile(tsFile, 'utf8');
  } catch {
    return undefined;
  }
  return transpile(source, tsFile);
}

/** The JavaScript of page module `folder/name` (e.g. `web`, `app`), or undefined when there is none. */
export function pageModule(folder: string, name: string): Promise<string | undefined> {
  if (!PAGE_FOLDERS.has(folder) || !NAME_RE.test(name)) return Promise.resolve(undefined);
  const key = `${folder}/${name}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = load(folder, name);
    cache.set(key, hit);
  }
  return hit;
}
