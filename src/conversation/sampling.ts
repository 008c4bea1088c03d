import { createHash } from 'node:crypto';
import {
  type Attributes,
  type Context,
  createTraceState,
  isSpanContextValid,
  type Link,
  propagation,
  type SpanContext,
  type SpanKind,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { type Sampler, SamplingDecision, type SamplingResult } from '@opentelemetry/sdk-trace';
import { InvalidArgumentError } from '../errors.ts';
import { ATTR_GEN_AI_CONVERSATION_ID } from './keys.ts';
import { traceIdKept } from './trace-id-ratio.ts';

/** `OTEL_TRACES_SAMPLER` value that selects {@link ConversationSampler}; the ratio is `OTEL_TRACES_SAMPLER_ARG`. */
export const CONVERSATION_SAMPLER_ENV_NAME = 'convtrace_conversation_ratio';

const TWO_POW_64 = 2 ** 64;
/** `tracestate` key marking a trace as tentative (`convtrace=t`) for the next process. */
const TRACESTATE_KEY = 'convtrace';
const TENTATIVE = 't';
const NOT_RECORDED: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

/** A tentative decision: recorded, not sampled, and marked so downstream processes defer too. */
function tentative(parent: SpanContext | undefined): SamplingResult {
  const state = parent?.traceState ?? createTraceState();
  return { decision: SamplingDecision.RECORD, traceState: state.set(TRACESTATE_KEY, TENTATIVE) };
}

/** A final decision: the tentative mark (if inherited) is removed. */
function settled(decision: SamplingDecision, parent: SpanContext | undefined): SamplingResult {
  const state = parent?.traceState;
  if (state?.get(TRACESTATE_KEY) === undefined) return { decision };
  return { decision, traceState: state.unset(TRACESTATE_KEY) };
}

/**
 * Whether the conversation `conversationId` is kept at `ratio` — the whole decision, reproducible in
 * any language:
 *
 * 1. `h` = SHA-256 of the id's UTF-8 bytes;
 * 2. `x` = the first 8 bytes of `h` as an unsigned 64-bit big-endian integer;
 * 3. `t` = `floor(ratio × 2^64)` computed in IEEE-754 double precision, then taken as an integer
 *    (ratio ≥ 1 keeps everything, ≤ 0 nothing);
 * 4. kept ⇔ `x < t`.
 *
 * Python: `int.from_bytes(hashlib.sha256(cid.encode()).digest()[:8], 'big') < int(ratio * 2**64)`.
 * Go: `binary.BigEndian.Uint64(sha[:8]) < uint64(ratio * (1 << 64))` for 0 < ratio < 1.
 */
export function isConversationSampled(conversationId: string, ratio: number): boolean {
  if (!(ratio > 0)) return false;
  if (ratio >= 1) return true;
  const x = createHash('sha256').update(conversationId, 'utf8').digest().readBigUInt64BE(0);
  return x < BigInt(Math.floor(ratio * TWO_POW_64));
}

/** Options of {@link ConversationSampler}. */
export interface ConversationSamplerOptions {
  /** Fraction of conversations kept, 0..1. */
  ratio: number;
  /**
   * Fraction of traces kept that never learn a conversation id (health checks, jobs), decided on
   * their trace id like `TraceIdRatioBasedSampler`. Default 1 (all).
   */
  fallbackRatio?: number;
}

function checkRatio(field: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0 || value > 1)
    throw new InvalidArgumentError(field, `expected a number from 0 to 1, got ${String(value)}`);
  return value;
}

/**
 * A head sampler that keeps every turn of a conversation or none: wherever the conversation id is
 * known — the run's `invoke_agent` span (it carries `gen_ai.conversation.id` at start), or any span
 * whose context has it in baggage (every span of a run, and a downstream service's spans) — the
 * decision is {@link isConversationSampled}, so every process reaches the same answer from the id
 * alone. Elsewhere children follow their parent (ParentBased).
 *
 * Roots that start before the id is known (an HTTP server span around a chat endpoint whose id is in
 * the body) are **tentative**: recorded but not sampled, so nothing is exported yet. When a descendant
 * learns the id and is kept, `DeferredSamplingSpanProcessor` exports the tentative spans of that
 * trace too; when it is dropped, they go with it; a trace that never learns an id is decided by
 * `fallbackRatio` when its local root ends. Without that processor, such roots are decided by
 * `fallbackRatio` at once. A tentative trace that crosses a process boundary before its id is known
 * carries `convtrace=t` in `tracestate`, so the next process defers too instead of dropping it.
 */
export class ConversationSampler implements Sampler {
  readonly ratio: number;
  readonly fallbackRatio: number;
  /** The last id decided: a run's spans all ask about the same id, so one entry saves the hash. */
  private lastId = '';
  private lastKept = false;
  private deferred: ((traceId: string, kept: boolean) => void) | undefined;

  constructor(options: ConversationSamplerOptions) {
    this.ratio = checkRatio('ratio', options?.ratio);
    this.fallbackRatio = checkRatio('fallbackRatio', options.fallbackRatio ?? 1);
  }

  shouldSample(
    ctx: Context,
    traceId: string,
    _spanName: string,
    _spanKind: SpanKind,
    attributes: Attributes,
    _links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(ctx);
    const hasParent = parent !== undefined && isSpanContextValid(parent);
    const parentSampled = hasParent && (parent.traceFlags & TraceFlags.SAMPLED) !== 0;
    // Tentative parent: recorded, not yet sampled — local and still recording, or remote and marked
    // tentative in `tracestate` by an upstream process that did not know the id either.
    const tentativeParent =
      hasParent &&
      !parentSampled &&
      (parent.isRemote
        ? parent.traceState?.get(TRACESTATE_KEY) === TENTATIVE
        : trace.getSpan(ctx)?.isRecording() === true);
    const id = conversationIdOf(ctx, attributes);
    if (id !== undefined) {
      const kept = this.kept(id);
      if (tentativeParent) this.deferred?.(traceId, kept);
      return kept ? settled(SamplingDecision.RECORD_AND_SAMPLED, parent) : NOT_RECORDED;
    }
    if (hasParent) {
      if (parentSampled) return settled(SamplingDecision.RECORD_AND_SAMPLED, parent);
      return tentativeParent && this.deferred ? tentative(parent) : NOT_RECORDED;
    }
    if (this.deferred) return tentative(undefined);
    return traceIdKept(traceId, this.fallbackRatio)
      ? { decision: SamplingDecision.RECORD_AND_SAMPLED }
      : NOT_RECORDED;
  }

  /**
   * Called by `DeferredSamplingSpanProcessor`: from now on roots without a conversation id are
   * tentative instead of decided by `fallbackRatio` at once, and `onDecision` hears when a tentative
   * trace learns its conversation's fate.
   */
  observeDeferred(onDecision: (traceId: string, kept: boolean) => void): void {
    this.deferred = onDecision;
  }

  /** Whether `conversationId` is kept (cached for the last id asked). */
  kept(conversationId: string): boolean {
    if (conversationId !== this.lastId) {
      this.lastKept = isConversationSampled(conversationId, this.ratio);
      this.lastId = conversationId;
    }
    return this.lastKept;
  }

  toString(): string {
    return `ConversationSampler{ratio=${this.ratio}, fallbackRatio=${this.fallbackRatio}}`;
  }
}

/** The conversation id a span about to start belongs to: its own attribute, else its context's baggage. */
export function conversationIdOf(ctx: Context, attributes: Attributes | undefined): string | undefined {
  const own = attributes?.[ATTR_GEN_AI_CONVERSATION_ID];
  if (typeof own === 'string' && own !== '') return own;
  const fromBaggage = propagation.getBaggage(ctx)?.getEntry(ATTR_GEN_AI_CONVERSATION_ID)?.value;
  return fromBaggage ? fromBaggage : undefined;
}

/**
 * The sampler `OTEL_TRACES_SAMPLER=convtrace_conversation_ratio` (+ `OTEL_TRACES_SAMPLER_ARG`, default
 * 1) asks for, or `undefined` when the variable names another sampler (the SDK then reads it itself).
 * A bad ratio is an {@link InvalidArgumentError} naming the variable.
 */
export function conversationSamplerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): ConversationSampler | undefined {
  if (env.OTEL_TRACES_SAMPLER?.trim() !== CONVERSATION_SAMPLER_ENV_NAME) return undefined;
  const raw = env.OTEL_TRACES_SAMPLER_ARG?.trim();
  const ratio = raw === undefined || raw === '' ? 1 : Number(raw);
  if (Number.isNaN(ratio) || ratio < 0 || ratio > 1)
    throw new InvalidArgumentError('OTEL_TRACES_SAMPLER_ARG', `expected a number from 0 to 1, got '${raw}'`);
  return new ConversationSampler({ ratio });
}
