/**
 * The conversation sampling hash is language-neutral (issue 17 acceptance, issue 16 item 1): a Python
 * reimplementation of the rule in `isConversationSampled`'s TSDoc (test/python/sampling_hash.py,
 * stdlib `hashlib` only), and the TSDoc's own Python one-liner, keep and drop exactly the same
 * conversations as convtrace for 1,000 ids — ASCII, UUIDs and non-ASCII (accents in NFC and NFD,
 * CJK, Arabic, emoji outside the BMP) — at ratios from 0 to 1. A change on either side, or in the
 * documented formula, changes some decision.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { beforeAll, describe, expect, it } from 'vitest';
import { isConversationSampled } from '../../src/conversation/sampling.ts';
import { ROOT_DIR } from '../support/binaries.ts';
import { PYTHON_TEST_TIMEOUT, runPythonScript } from '../support/python-run.ts';
import { assertVenv, shouldRunPythonTests } from '../support/python-venv.ts';

const RATIOS = [0, 0.001, 0.1, 0.3, 0.5, 0.7, 0.999, 1];
const NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const SHAPES: ((i: number) => string)[] = [
  (i) => `conv-${i}`,
  (i) => uuidv5(String(i), NAMESPACE),
  (i) => `café-${i}`, // NFC é: 2 UTF-8 bytes
  (i) => `cafe\u0301-${i}`, // NFD e + combining acute: a different id, different bytes
  (i) => `会话-${i}`,
  (i) => `محادثة ${i}`,
  (i) => `💬${i}🧵`, // astral: a surrogate pair in JS, 4 UTF-8 bytes
  (i) => `Ünïcødé/${i}?q=ß&x=\u00a0`,
];
const IDS = Array.from({ length: 1000 }, (_, i) => SHAPES[i % SHAPES.length]!(i));

/** The Python expression in the TSDoc of `isConversationSampled` (`Python: \`…\``). */
function documentedPython(): string {
  const source = readFileSync(join(ROOT_DIR, 'src', 'conversation', 'sampling.ts'), 'utf8');
  const expr = /\* Python: `([^`]+)`/.exec(source)?.[1];
  if (!expr) throw new Error('no "Python: `…`" line in the TSDoc of isConversationSampled');
  return expr;
}

/** The ids (by index) on which two decision strings disagree, for a readable failure. */
function disagreements(ts: string, py: string | undefined): string[] {
  return IDS.filter((_, i) => ts[i] !== py?.[i]);
}

describe.runIf(shouldRunPythonTests())('the sampling hash in Python', () => {
  let python: { rule: string[]; documented: string[] };
  const ts = RATIOS.map((ratio) => IDS.map((id) => (isConversationSampled(id, ratio) ? '1' : '0')).join(''));

  beforeAll(async () => {
    assertVenv();
    python = await runPythonScript('sampling_hash.py', {
      ids: IDS,
      ratios: RATIOS,
      documented: documentedPython(),
    });
  }, PYTHON_TEST_TIMEOUT);

  it('uses 1,000 distinct ids, most of them non-ASCII in several scripts', () => {
    expect(new Set(IDS).size).toBe(1000);
    expect(IDS.filter((id) => Buffer.byteLength(id, 'utf8') > id.length).length).toBeGreaterThan(500);
  });

  it.each(RATIOS.map((ratio, i) => [ratio, i] as const))(
    'ratio %s: the Python reimplementation makes the same decision for every id',
    (_ratio, i) => {
      expect(disagreements(ts[i]!, python.rule[i])).toEqual([]);
      expect(python.rule[i]).toHaveLength(IDS.length);
    },
  );

  it.each(RATIOS.map((ratio, i) => [ratio, i] as const))(
    "ratio %s: the TSDoc's Python one-liner makes the same decision for every id",
    (_ratio, i) => {
      expect(disagreements(ts[i]!, python.documented[i])).toEqual([]);
      expect(python.documented[i]).toHaveLength(IDS.length);
    },
  );

  it('the decisions are not trivial: mixed in between, none at 0, all at 1', () => {
    const kept = ts.map((bits) => bits.split('1').length - 1);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(1000);
    // 0.3 ± 0.05 of 1,000 ids at ratio 0.3; each ratio keeps at least as many as the one below.
    expect(kept[RATIOS.indexOf(0.3)]).toBeGreaterThan(250);
    expect(kept[RATIOS.indexOf(0.3)]).toBeLessThan(350);
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThanOrEqual(kept[i - 1]!);
  });
});
