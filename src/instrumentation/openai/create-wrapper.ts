/**
 * The wrapper put around `responses.create` and `chat.completions.create` (on a client instance or on
 * the resource prototypes). It starts the span with every sampler-relevant attribute, runs the SDK
 * method inside the span's context (so transport spans nest under it) and hands back the SDK's own
 * `APIPromise`, observed without being modified. Any failure of the instrumentation itself is reported through `diag`
 * and the call proceeds untraced; errors of the call itself propagate unchanged.
 *
 * The `responses.stream()` / `.parse()` and `chat.completions.stream()` / `.parse()` / `runTools()`
 * helpers call `create` internally, so each model request gets exactly one span and the helpers are
 * deliberately not wrapped.
 */
import { type Attributes, type Context, context, diag, propagation, trace } from '@opentelemetry/api';
import { runAttributesFromBaggage } from '../../conversation/baggage.ts';
import { setRunIdAliases } from '../../semconv/stability.ts';
import { isApiPromiseLike } from './api-promise-hooks.ts';
import { OpenAICall } from './call-span.ts';
import { requestAttributes, requestModelOf, spanNameOf } from './request-attributes.ts';
import type { InstrumentationRuntime } from './runtime.ts';
import { serverAddressOf } from './server-address.ts';
import type { CreateMethod, OpenAIApiType, ResourceLike } from './types.ts';

/** Marks wrappers made here, pointing at the function they wrap. */
export const ORIGINAL = Symbol.for('convtrace.openai.original');

type Marked = CreateMethod & { [ORIGINAL]?: CreateMethod };

/**
 * The method behind `fn` with convtrace's own wrappers peeled off (so instance and prototype
 * patching never double-trace one call). Other vendors' wrappers are left in place.
 */
export function originalOf(fn: CreateMethod): CreateMethod {
  let f = fn as Marked;
  while (f[ORIGINAL]) f = f[ORIGINAL] as Marked;
  return f;
}

/** Whether `fn` is (or wraps) a convtrace wrapper. */
export function isConvtraceWrapped(fn: unknown): boolean {
  return typeof fn === 'function' && ORIGINAL in fn;
}

function startCall(
  api: OpenAIApiType,
  runtime: InstrumentationRuntime,
  resource: ResourceLike,
  body: unknown,
  options: unknown,
  active: Context,
): OpenAICall {
  const model = requestModelOf(body);
  const attrs: Attributes = requestAttributes(api, body, model, serverAddressOf(resource?._client?.baseURL));
  const baggage = propagation.getBaggage(active);
  if (baggage) {
    const run = runAttributesFromBaggage(baggage);
    for (const key in run) attrs[key] = run[key];
    setRunIdAliases(attrs);
  }
  return new OpenAICall(api, runtime, spanNameOf(model), attrs, body, options, active);
}

/** Builds the traced replacement of `original` (a resource's `create`). */
export function wrapCreate(
  api: OpenAIApiType,
  runtime: InstrumentationRuntime,
  original: CreateMethod,
): CreateMethod {
  const wrapped: Marked = function create(this: ResourceLike, body: unknown, options?: unknown): unknown {
    let call: OpenAICall | undefined;
    const active = context.active();
    try {
      call = startCall(api, runtime, this, body, options, active);
    } catch (err) {
      diag.error('convtrace: could not start the openai span; calling untraced', err);
      return original.call(this, body, options);
    }
    let result: unknown;
    try {
      result = context.with(trace.setSpan(active, call.span), original, this, body, options);
    } catch (err) {
      call.fail(err);
      throw err;
    }
    try {
      if (isApiPromiseLike(result)) return call.observe(result);
      diag.debug('convtrace: openai create() returned an unexpected value; span ends now');
      call.endWithoutResult();
    } catch (err) {
      diag.error('convtrace: could not observe the openai call', err);
    }
    return result;
  };
  wrapped[ORIGINAL] = original;
  return wrapped;
}
