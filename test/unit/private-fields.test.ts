/**
 * One private-field style in src/: TypeScript `private` members (readonly unless reassigned, which
 * biome's useReadonlyClassProperties enforces for src/), never ECMAScript `#name` fields.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return tsFiles(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

/** A `#name` member declaration or access (`#f = 1`, `readonly #f`, `#m() {`, `this.#f`). */
const HASH_MEMBER = /^\s+(?:static\s+)?(?:readonly\s+)?#[A-Za-z_$][\w$]*\s*[:=(;]|\bthis\.#[A-Za-z_$]/m;

describe('private fields', () => {
  it('src uses `private`, never `#name` members', () => {
    const offenders = tsFiles(src).filter((f) => HASH_MEMBER.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(src, f))).toEqual([]);
  });

  it('the check recognises a #field (so a passing run means something)', () => {
    expect(HASH_MEMBER.test('class A {\n  #count = 0;\n}')).toBe(true);
    expect(HASH_MEMBER.test('const x = this.#count;')).toBe(true);
    expect(HASH_MEMBER.test("const css = '#f6f7f9';")).toBe(false);
  });
});
