import { type Baggage, type BaggageEntry, type Context, context, propagation } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  RUN_BAGGAGE_KEYS,
} from './keys.ts';

/**
 * Longest baggage value convtrace writes or copies onto spans. Ids are validated to fit at the
 * boundary; a longer value arriving from another process is truncated, not trusted. Keeps the
 * `baggage` header (8192 bytes per W3C) far from its limit even after percent-encoding.
 */
export const MAX_BAGGAGE_VALUE_LENGTH = 256;

/** The three run ids as they ride in baggage. */
export interface RunBaggage {
  agentName: string;
  runId: string;
  conversationId: string;
}

/** Caps a value at {@link MAX_BAGGAGE_VALUE_LENGTH} characters. */
export function capBaggageValue(value: string): string {
  return value.length > MAX_BAGGAGE_VALUE_LENGTH ? value.slice(0, MAX_BAGGAGE_VALUE_LENGTH) : value;
}

/** Array-index-like keys: a plain object lists them before every other key, whatever the insertion order. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;

/**
 * Returns `ctx` with the run's ids set in its baggage (agent name, run id, conversation id — the
 * order pydantic-ai writes them). Other baggage entries are kept, AFTER the run's three: the W3C
 * propagator forwards only the first 180 entries / 8192 bytes, so the ids must come first to travel
 * whatever the caller's incoming baggage holds (a stale id of ours is replaced, not kept in place).
 */
export function withRunBaggage(ctx: Context, ids: RunBaggage): Context {
  const current = propagation.getBaggage(ctx);
  const ours = {
    [ATTR_GEN_AI_AGENT_NAME]: { value: capBaggageValue(ids.agentName) },
    [ATTR_GEN_AI_AGENT_CALL_ID]: { value: capBaggageValue(ids.runId) },
    [ATTR_GEN_AI_CONVERSATION_ID]: { value: capBaggageValue(ids.conversationId) },
  };
  if (current === undefined) return propagation.setBaggage(ctx, propagation.createBaggage(ours));
  // No prototype: a foreign key named `__proto__` or `toString` is just a key.
  const entries: Record<string, BaggageEntry> = Object.assign(Object.create(null), ours);
  const indexKeys: Array<[string, BaggageEntry]> = [];
  for (const [key, entry] of current.getAllEntries()) {
    if (key in entries) continue;
    if (INDEX_KEY.test(key)) indexKeys.push([key, entry]);
    else entries[key] = entry;
  }
  let next = propagation.createBaggage(entries);
  // Rare: keys like `7` would sort before ours in the object, so they are appended one by one.
  for (const [key, entry] of indexKeys) next = next.setEntry(key, entry);
  return propagation.setBaggage(ctx, next);
}

/** Run-id attributes readable from a baggage object; only keys present are returned. */
export function runAttributesFromBaggage(baggage: Baggage | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!baggage) return out;
  for (const key of RUN_BAGGAGE_KEYS) {
    const entry = baggage.getEntry(key);
    if (entry && typeof entry.value === 'string' && entry.value !== '')
      out[key] = capBaggageValue(entry.value);
  }
  return out;
}

/**
 * The agent-run attributes (`gen_ai.agent.name`, `gen_ai.agent.call.id`, `gen_ai.conversation.id`)
 * found in the baggage of `ctx` (default: the active context) — pydantic-ai's
 * `get_agent_run_baggage_attributes()`. Empty outside a run.
 */
export function getRunBaggageAttributes(ctx: Context = context.active()): Record<string, string> {
  return runAttributesFromBaggage(propagation.getBaggage(ctx));
}
