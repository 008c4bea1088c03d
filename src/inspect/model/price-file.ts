import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ConvtraceError } from '../../errors.ts';
import { mergePrices, type PriceTable } from './prices.ts';

/** A price file could not be read or is not a valid price table; `field` names the bad entry. */
export class PriceTableError extends ConvtraceError {
  override readonly name = 'PriceTableError';
  /** JSON path of the bad field (e.g. `models.gpt-x.input`), or `file`. */
  readonly field: string;

  constructor(file: string, field: string, message: string) {
    super(`price file ${file}: ${field}: ${message}`);
    this.field = field;
  }
}

const perMillion = z.number().finite().nonnegative();
const schema = z.strictObject({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  currency: z.literal('USD').optional(),
  models: z.record(
    z.string().min(1),
    z.strictObject({ input: perMillion, output: perMillion, cachedInput: perMillion.optional() }),
  ),
});

/**
 * Parses a price file's JSON: `{"asOf": "YYYY-MM-DD", "models": {"<name>": {"input": 2.5,
 * "output": 10, "cachedInput": 1.25}}}` in USD per million tokens, merged over the built-in prices.
 */
export function parsePriceTable(json: string, file = '<prices>'): PriceTable {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new PriceTableError(file, 'file', `not JSON (${(err as Error).message})`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new PriceTableError(file, issue.path.map(String).join('.') || '<root>', issue.message);
  }
  const models: PriceTable['models'] = {};
  for (const [name, p] of Object.entries(r.data.models)) {
    models[name] = p.cachedInput === undefined ? { input: p.input, output: p.output } : { ...p };
  }
  return mergePrices({ asOf: r.data.asOf, models });
}

/** Reads and parses a price file (see {@link parsePriceTable}). */
export async function loadPriceTable(file: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PriceTableError(file, 'file', (err as Error).message);
  }
  return parsePriceTable(text, file);
}
