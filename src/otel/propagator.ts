import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { type BaggagePolicy, BaggagePolicyPropagator } from '../conversation/baggage-policy.ts';

/**
 * W3C tracecontext + baggage, the baggage under `policy`: what `setupTracing()` registers, and what
 * `convtrace/node-sdk` hands an app's own SDK (NodeSDK's default baggage propagator sends the run's
 * baggage to every host, third-party APIs included).
 */
export function createPropagator(policy: BaggagePolicy): TextMapPropagator {
  return new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new BaggagePolicyPropagator(policy)],
  });
}
