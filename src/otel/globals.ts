import { context, ProxyTracerProvider, propagation, type TracerProvider, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import type { BaggagePolicy } from '../conversation/baggage-policy.ts';
import { createPropagator } from './propagator.ts';

// Marks providers installed by convtrace (any copy of it), so a second setup may replace its own.
const OWNED = Symbol.for('convtrace.tracerProvider');
// The API's no-op delegate: what a proxy returns while no SDK has registered.
const NOOP_PROVIDER = new ProxyTracerProvider().getDelegate();

/** The tracer provider another SDK (NodeSDK, a vendor agent) registered, or undefined. */
export function foreignTracerProvider(): TracerProvider | undefined {
  const current = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = typeof current.getDelegate === 'function' ? current.getDelegate() : current;
  if (delegate === NOOP_PROVIDER || (delegate as unknown as Record<symbol, unknown>)[OWNED]) return undefined;
  return delegate;
}

/**
 * Registers the context manager (AsyncLocalStorage, so ids follow `await`), the W3C tracecontext +
 * baggage propagators (so ids reach downstream services, internal ones only by `baggagePolicy`) and `provider`, replacing a previous
 * convtrace registration. Returns the function that unregisters them.
 */
export function registerGlobals(provider: TracerProvider, baggagePolicy: BaggagePolicy = {}): () => void {
  Object.defineProperty(provider, OWNED, { value: true });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  trace.disable();
  context.disable();
  propagation.disable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(createPropagator(baggagePolicy));
  trace.setGlobalTracerProvider(provider);
  return () => {
    trace.disable();
    propagation.disable();
    context.disable();
  };
}
