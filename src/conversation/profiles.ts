import { type Context, diag, propagation } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { InvalidArgumentError } from '../errors.ts';
import { capBaggageValue } from './baggage.ts';
import { ATTR_GEN_AI_CONVERSATION_ID } from './keys.ts';

/**
 * Backends that group conversations by a key of their own:
 * - `openinference`: Arize Phoenix and other OpenInference readers group by `session.id`, and
 *   Phoenix's Sessions read it on a trace's **root span** only;
 * - `langfuse`: Langfuse groups by `langfuse.session.id` (it also reads `session.id`).
 */
export type BackendProfile = 'openinference' | 'langfuse';

/** The alias keys each profile writes (value: the conversation id). */
export const PROFILE_KEYS: Readonly<Record<BackendProfile, readonly string[]>> = {
  openinference: ['session.id'],
  langfuse: ['langfuse.session.id'],
};

/** Most live local root spans tracked at once (each until it ends). */
const MAX_ROOTS = 10_000;

/**
 * Writes the conversation id under the keys other backends group by ({@link BackendProfile}) on every
 * span that carries it, and on the trace's local root span too while that root is still open — an
 * HTTP server span around a chat endpoint starts before the id is known, and Phoenix reads sessions
 * from root spans only. Runs after the run-baggage processor, whose copied ids it reads.
 */
export class ConversationProfileSpanProcessor implements SpanProcessor {
  private readonly keys: readonly string[];
  private readonly roots = new Map<string, Span>();

  constructor(profiles: readonly BackendProfile[]) {
    for (const p of profiles)
      if (!(p in PROFILE_KEYS))
        throw new InvalidArgumentError('profiles', `unknown backend profile '${String(p)}'`);
    this.keys = [...new Set(profiles.flatMap((p) => PROFILE_KEYS[p]))];
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const parent = span.parentSpanContext;
      const traceId = span.spanContext().traceId;
      if ((!parent || parent.isRemote) && this.roots.size < MAX_ROOTS) this.roots.set(traceId, span);
      const own = span.attributes[ATTR_GEN_AI_CONVERSATION_ID];
      const id =
        typeof own === 'string' && own !== ''
          ? own
          : propagation.getBaggage(parentContext)?.getEntry(ATTR_GEN_AI_CONVERSATION_ID)?.value;
      if (!id) return;
      const value = capBaggageValue(id);
      for (const key of this.keys) span.setAttribute(key, value);
      const root = this.roots.get(traceId);
      if (root && root !== span && root.attributes[ATTR_GEN_AI_CONVERSATION_ID] === undefined) {
        root.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, value);
        for (const key of this.keys) root.setAttribute(key, value);
      }
    } catch (err) {
      diag.error('convtrace: backend profile aliasing failed', err);
    }
  }

  onEnd(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    if (this.roots.get(traceId) === span) this.roots.delete(traceId);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.roots.clear();
    return Promise.resolve();
  }
}

/** The profiles `CONVTRACE_PROFILES` (comma list) asks for; an unknown name is an error naming it. */
export function profilesFromEnv(env: NodeJS.ProcessEnv = process.env): BackendProfile[] {
  const names = (env.CONVTRACE_PROFILES ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  for (const n of names)
    if (!(n in PROFILE_KEYS))
      throw new InvalidArgumentError(
        'CONVTRACE_PROFILES',
        `unknown backend profile '${n}' (openinference, langfuse)`,
      );
  return names as BackendProfile[];
}
