/**
 * The layout README.md's "Where things live" map promises: folders of src/ in dependency order, each
 * importing only folders listed above it, and no import cycle between folders (directly or round a
 * loop). Package entry files (the package.json `exports` / `bin` targets) only re-export or compose,
 * so their imports are not edges — as in shared/tools/folder-cycles.mjs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

function entryFiles(): Set<string> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const out = new Set<string>();
  const collect = (e: unknown): void => {
    if (typeof e === 'string') {
      if (e.startsWith('./dist/') && e.endsWith('.js')) out.add(resolve(src, `${e.slice(7, -3)}.ts`));
    } else if (e && typeof e === 'object') Object.values(e).forEach(collect);
  };
  collect(pkg.exports);
  collect(pkg.bin);
  return out;
}

/** A file's folder under src/ (`models/openai`), or its own name for a file at the root (`errors.ts`). */
const unitOf = (file: string): string => {
  const dir = relative(src, dirname(file));
  return dir === '' ? relative(src, file) : dir;
};

const IMPORT =
  /(?:import|export)[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Folder → folders it imports (relative imports only; entry files are not edges). */
function folderEdges(): Map<string, Set<string>> {
  const entries = entryFiles();
  const edges = new Map<string, Set<string>>();
  for (const file of tsFiles(src)) {
    if (entries.has(file)) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolve(dirname(file), (m[1] ?? m[2])!);
      const a = unitOf(file);
      const b = unitOf(target);
      if (a === b) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a)!.add(b);
    }
  }
  return edges;
}

/** Strongly connected components of more than one folder (Tarjan). */
function cycles(edges: Map<string, Set<string>>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) out.push(c.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

/** The README map: `src/x/` or `src/x.ts` lines of the "Where things live" block, in order. */
function readmeLayers(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split('### Where things live')[1]?.match(/```text\n([\s\S]*?)```/)?.[1] ?? '';
  return [...section.matchAll(/^src\/(\S+?)\/?\s/gm)].map((m) => m[1]!);
}

/** The README layer a folder belongs to: the longest listed prefix (`models/openai` → `models`). */
function layerOf(unit: string, layers: readonly string[]): string | undefined {
  return layers.filter((l) => unit === l || unit.startsWith(`${l}/`)).sort((a, b) => b.length - a.length)[0];
}

describe('layering: the README map is the import order', () => {
  const edges = folderEdges();
  const layers = readmeLayers();

  it('the README map lists every folder of src/ (and the parser finds it)', () => {
    expect(layers.slice(0, 3)).toEqual(['errors.ts', 'http', 'messages']);
    const units = new Set(
      tsFiles(src)
        .filter((f) => !entryFiles().has(f))
        .map(unitOf),
    );
    const unlisted = [...units].filter((u) => layerOf(u, layers) === undefined);
    expect(unlisted).toEqual([]);
  });

  it('no import cycle between folders, directly or round a loop', () => {
    const found = cycles(edges).map((c) => c.join(' '));
    expect(found).toEqual([]);
  });

  it('no folder imports a folder listed after it in the README map', () => {
    const upward: string[] = [];
    for (const [from, tos] of edges) {
      const a = layerOf(from, layers)!;
      for (const to of tos) {
        const b = layerOf(to, layers);
        if (b === undefined || a === b) continue;
        if (layers.indexOf(b) > layers.indexOf(a)) upward.push(`${from} -> ${to}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the checks see real edges (a broken parser would pass everything)', () => {
    expect(edges.get('agent')).toContain('models');
    expect(edges.get('models/openai')).toContain('instrumentation/openai');
    expect(edges.get('messages')).toContain('errors.ts');
  });
});
