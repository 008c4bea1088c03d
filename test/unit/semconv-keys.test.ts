/**
 * Our incubating attribute constants against `@opentelemetry/semantic-conventions` 1.45: spelled as
 * the package's `/incubating` entry spells them (imported here, in a test only — never at runtime),
 * and none of them stable yet. When the package promotes one, the second test fails: import that
 * key from the stable entry and drop our constant, as contrib's `semconv.ts` does.
 */
import * as stable from '@opentelemetry/semantic-conventions';
import * as incubating from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import * as ours from '../../src/semconv/attributes.ts';

const keys: Array<[string, string]> = [];
for (const [name, value] of Object.entries(ours as Record<string, unknown>)) {
  if (name.startsWith('ATTR_') && typeof value === 'string') keys.push([name, value]);
}

describe('semconv attribute keys', () => {
  it('every incubating gen_ai.* constant matches the package spelling where the package has it', () => {
    const inc = incubating as unknown as Record<string, unknown>;
    const known = keys.filter(([name]) => name in inc);
    expect(known.length).toBeGreaterThan(20);
    for (const [name, value] of known) expect([name, value]).toEqual([name, inc[name]]);
  });

  it('none of our constants is a stable key (stable keys come from the package)', () => {
    const st = stable as unknown as Record<string, unknown>;
    const stableValues = new Set(Object.values(st).filter((v) => typeof v === 'string'));
    expect(keys.filter(([name, value]) => name in st || stableValues.has(value))).toEqual([]);
    expect([stable.ATTR_ERROR_TYPE, stable.ATTR_SERVER_ADDRESS, stable.ATTR_SERVER_PORT]).toEqual([
      'error.type',
      'server.address',
      'server.port',
    ]);
  });
});
