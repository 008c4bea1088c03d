import {
  type Attributes,
  type Context,
  context,
  createContextKey,
  type Span,
  trace,
} from '@opentelemetry/api';
import { withRunBaggage } from '../../conversation/baggage.ts';
import type { PreparedRun } from '../../conversation/prepare.ts';
import { LiveParentSpan } from './live-parent.ts';

/**
 * One run started through a bridge's wrapper (`runWithConversation`, `invokeWithConversation`): its
 * resolved ids and where its run span belongs. The framework hook (tracing processor, callback
 * handler) finds it in the active context when the run's first step starts, and records the span it
 * made for the run here.
 */
export interface RunScope {
  /** The run's validated ids. */
  readonly ids: PreparedRun;
  /** The caller's context when the run was started: the run span's parent. */
  readonly parent: Context;
  /** More attributes for the run span (e.g. the provider's server-side state ids). */
  readonly attributes: Attributes;
  /** The run's own span, once the hook has started it. */
  runSpan?: Span;
}

const RUN_SCOPE_KEY = createContextKey('convtrace.bridge.run_scope');

/** The bridged run active in `ctx`, if any. */
export function getRunScope(ctx: Context = context.active()): RunScope | undefined {
  return ctx.getValue(RUN_SCOPE_KEY) as RunScope | undefined;
}

/**
 * The context a bridged run executes in: the caller's context plus the run's ids in W3C baggage (so
 * every span started inside, and every downstream service called, carries them), the {@link RunScope},
 * and a {@link LiveParentSpan} as active span — resolving to `currentStep()` (the framework step
 * running now), else the run span, else the caller's span.
 */
export function enterRunScope(
  ids: PreparedRun,
  currentStep: () => Span | undefined,
  attributes: Attributes = {},
  parent: Context = context.active(),
): { ctx: Context; scope: RunScope } {
  const scope: RunScope = { ids, parent, attributes };
  const outer = trace.getSpan(parent);
  const live = new LiveParentSpan(currentStep, () => scope.runSpan ?? outer);
  let ctx = withRunBaggage(parent, ids).setValue(RUN_SCOPE_KEY, scope);
  ctx = trace.setSpan(ctx, live);
  return { ctx, scope };
}

/** The real span behind `ctx`'s active span (a {@link LiveParentSpan} is resolved), if any. */
export function concreteSpan(ctx: Context): Span | undefined {
  const span = trace.getSpan(ctx);
  return span instanceof LiveParentSpan ? span.current() : span;
}
