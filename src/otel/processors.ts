import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { BaggagePolicy } from '../conversation/baggage-policy.ts';
import { DeferredSamplingSpanProcessor } from '../conversation/deferred-sampling.ts';
import { ATTR_GEN_AI_AGENT_CALL_ID } from '../conversation/keys.ts';
import {
  type BackendProfile,
  ConversationProfileSpanProcessor,
  profilesFromEnv,
} from '../conversation/profiles.ts';
import { ConversationSampler } from '../conversation/sampling.ts';
import { RunBaggageSpanProcessor } from '../conversation/span-processor.ts';
import { genAISemconv } from '../semconv/stability.ts';

/** What {@link convtraceProcessors} builds the chain from. */
export interface ProcessorChainOptions {
  /** Further baggage keys to copy onto spans. Default none. */
  extraBaggageKeys?: readonly string[] | undefined;
  /** The resolved policy (the propagator needs the same one). */
  baggagePolicy: BaggagePolicy;
  /** Backend profiles. Default `CONVTRACE_PROFILES`. */
  profiles?: readonly BackendProfile[] | undefined;
  /** The export processor, if convtrace is to place it. */
  exporting?: SpanProcessor | undefined;
  /** The head sampler in force: a `ConversationSampler` needs the export wrapped to settle deferred roots. */
  sampler?: Sampler | undefined;
}

/**
 * convtrace's span processors in their order, for `setupTracing()` and an app's own SDK alike: the
 * run-baggage processor first (ids on every span before anything reads it, the inbound baggage
 * policy applied at the service edge), the backend profiles, then the export processor (completing a
 * ConversationSampler's deferred decisions).
 */
export function convtraceProcessors(options: ProcessorChainOptions): SpanProcessor[] {
  const processors: SpanProcessor[] = [
    new RunBaggageSpanProcessor({
      extraKeys: options.extraBaggageKeys ?? [],
      baggagePolicy: options.baggagePolicy,
      // Under the semconv opt-in the run id is also written as `gen_ai.agent.invocation.id`.
      aliases: { [ATTR_GEN_AI_AGENT_CALL_ID]: genAISemconv().runIdAliases },
    }),
  ];
  const profiles = options.profiles ?? profilesFromEnv();
  if (profiles.length > 0) processors.push(new ConversationProfileSpanProcessor(profiles));
  const { exporting, sampler } = options;
  if (exporting) {
    processors.push(
      sampler instanceof ConversationSampler
        ? new DeferredSamplingSpanProcessor(exporting, sampler)
        : exporting,
    );
  }
  return processors;
}
