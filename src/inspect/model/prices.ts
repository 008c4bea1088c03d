import type { TokenUsage } from './span-classify.ts';

/**
 * Token prices and the cost of token usage. Prices are USD per million tokens; `cachedInput` applies to
 * `gen_ai.usage.cache_read.input_tokens`, which semconv counts inside `input_tokens` (so those are
 * billed once, at the cached rate). Models are matched by exact name, else by the longest known name
 * followed by `-` (dated snapshots such as `gpt-4o-mini-2024-07-18`), after dropping a `provider/` prefix.
 */

/** Price of one model, USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Cache-read input tokens; default: the input price. */
  cachedInput?: number;
}

/** A price table: when it was checked, and the price per model name. */
export interface PriceTable {
  /** Date the prices were taken from the providers' price pages (`YYYY-MM-DD`). */
  asOf: string;
  models: Record<string, ModelPrice>;
}

/** Cost of some usage: USD of the priced models, and the models that had tokens but no price. */
export interface Cost {
  usd: number;
  /** Models (with tokens) missing from the table; their tokens are not in `usd`. */
  unpriced: string[];
}

/** Token usage per model name (`''` when a span named no model). */
export type UsageByModel = Record<string, TokenUsage>;

/**
 * Built-in list prices of OpenAI and Anthropic models (standard tier, no batch discount), as published
 * on openai.com/api/pricing and anthropic.com/pricing. Override or extend with `--prices FILE`.
 */
export const BUILTIN_PRICES: PriceTable = {
  asOf: '2025-11-01',
  models: {
    'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
    'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
    'gpt-5-nano': { input: 0.05, cachedInput: 0.005, output: 0.4 },
    'gpt-4.1': { input: 2, cachedInput: 0.5, output: 8 },
    'gpt-4.1-mini': { input: 0.4, cachedInput: 0.1, output: 1.6 },
    'gpt-4.1-nano': { input: 0.1, cachedInput: 0.025, output: 0.4 },
    'gpt-4o': { input: 2.5, cachedInput: 1.25, output: 10 },
    'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
    o1: { input: 15, cachedInput: 7.5, output: 60 },
    o3: { input: 2, cachedInput: 0.5, output: 8 },
    'o3-mini': { input: 1.1, cachedInput: 0.55, output: 4.4 },
    'o4-mini': { input: 1.1, cachedInput: 0.275, output: 4.4 },
    'claude-opus-4-1': { input: 15, cachedInput: 1.5, output: 75 },
    'claude-opus-4': { input: 15, cachedInput: 1.5, output: 75 },
    'claude-sonnet-4-5': { input: 3, cachedInput: 0.3, output: 15 },
    'claude-sonnet-4': { input: 3, cachedInput: 0.3, output: 15 },
    'claude-haiku-4-5': { input: 1, cachedInput: 0.1, output: 5 },
    'claude-3-7-sonnet': { input: 3, cachedInput: 0.3, output: 15 },
    'claude-3-5-sonnet': { input: 3, cachedInput: 0.3, output: 15 },
    'claude-3-5-haiku': { input: 0.8, cachedInput: 0.08, output: 4 },
    'claude-3-haiku': { input: 0.25, cachedInput: 0.03, output: 1.25 },
  },
};

/** The price of `model` in `table`, or undefined when it is not listed. */
export function findPrice(table: PriceTable, model: string): ModelPrice | undefined {
  const name = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  const exact = table.models[name];
  if (exact) return exact;
  let best: string | undefined;
  for (const known of Object.keys(table.models)) {
    if (name.startsWith(`${known}-`) && (!best || known.length > best.length)) best = known;
  }
  return best === undefined ? undefined : table.models[best];
}

/** USD of one model's usage at `price`. */
export function usageCost(usage: TokenUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cacheReadTokens, usage.inputTokens);
  return (
    ((usage.inputTokens - cached) * price.input +
      cached * (price.cachedInput ?? price.input) +
      usage.outputTokens * price.output) /
    1e6
  );
}

/** Cost of usage split by model; models without a price are listed in `unpriced`. */
export function costOf(byModel: UsageByModel | undefined, table: PriceTable = BUILTIN_PRICES): Cost {
  const cost: Cost = { usd: 0, unpriced: [] };
  for (const [model, usage] of Object.entries(byModel ?? {})) {
    if (usage.inputTokens === 0 && usage.outputTokens === 0) continue;
    const price = model ? findPrice(table, model) : undefined;
    if (price) cost.usd += usageCost(usage, price);
    else cost.unpriced.push(model || '(no model name)');
  }
  cost.unpriced.sort();
  return cost;
}

/** Adds `usage` to `byModel[model]` (mutates). */
export function addModelUsage(byModel: UsageByModel, model: string, usage: TokenUsage): void {
  const u = byModel[model] ?? { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0 };
  u.inputTokens += usage.inputTokens;
  u.outputTokens += usage.outputTokens;
  u.cacheReadTokens += usage.cacheReadTokens;
  byModel[model] = u;
}

/** The built-in table with `overrides` on top (a model listed in both takes the override). */
export function mergePrices(overrides: PriceTable, base: PriceTable = BUILTIN_PRICES): PriceTable {
  return { asOf: overrides.asOf, models: { ...base.models, ...overrides.models } };
}
