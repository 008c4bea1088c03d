/**
 * `semconv/stability.ts`: how an `OTEL_SEMCONV_STABILITY_OPT_IN` value selects the mode, that the
 * resolved names are cached until the test-only reset, and the run-id aliases of each mode — plus the
 * `aliases` option of the run-baggage processor that `setupTracing` fills from it.
 */
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { RunBaggageSpanProcessor } from '../../src/conversation/span-processor.ts';
import {
  genAISemconv,
  genAISemconvFor,
  resetGenAISemconv,
  SEMCONV_STABILITY_OPT_IN_ENV,
  semconvModeFromEnv,
  setRunIdAliases,
} from '../../src/semconv/stability.ts';

afterEach(() => {
  delete process.env[SEMCONV_STABILITY_OPT_IN_ENV];
  resetGenAISemconv();
});

describe('OTEL_SEMCONV_STABILITY_OPT_IN', () => {
  it.each([
    [undefined, 'default'],
    ['', 'default'],
    ['http', 'default'],
    ['gen_ai', 'default'],
    ['gen_ai_latest_experimental', 'latest_experimental'],
    ['http,gen_ai_latest_experimental', 'latest_experimental'],
    [' database , GEN_AI_LATEST_EXPERIMENTAL ', 'latest_experimental'],
  ])('%j selects %s', (value, mode) => {
    const env = value === undefined ? {} : { [SEMCONV_STABILITY_OPT_IN_ENV]: value };
    expect(semconvModeFromEnv(env)).toBe(mode);
  });

  it('is read once: later changes apply only after the reset hook', () => {
    expect(genAISemconv().mode).toBe('default');
    process.env[SEMCONV_STABILITY_OPT_IN_ENV] = 'gen_ai_latest_experimental';
    expect(genAISemconv().mode).toBe('default');
    resetGenAISemconv();
    expect(genAISemconv()).toBe(genAISemconvFor('latest_experimental'));
    expect(genAISemconv().usageCacheWriteInputTokens).toBe('gen_ai.usage.cache_write.input_tokens');
  });
});

describe('run-id aliases', () => {
  it('default: nothing added; opt-in: gen_ai.agent.invocation.id = gen_ai.agent.call.id', () => {
    const byDefault: Record<string, string> = { 'gen_ai.agent.call.id': 'r-1' };
    setRunIdAliases(byDefault, genAISemconvFor('default'));
    expect(byDefault).toEqual({ 'gen_ai.agent.call.id': 'r-1' });
    const latest: Record<string, string> = { 'gen_ai.agent.call.id': 'r-1' };
    setRunIdAliases(latest, genAISemconvFor('latest_experimental'));
    expect(latest).toEqual({ 'gen_ai.agent.call.id': 'r-1', 'gen_ai.agent.invocation.id': 'r-1' });
    const outside: Record<string, string> = {};
    setRunIdAliases(outside, genAISemconvFor('latest_experimental'));
    expect(outside).toEqual({});
  });

  it('the run-baggage processor writes a copied key under its aliases too', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [
        new RunBaggageSpanProcessor({ aliases: { 'gen_ai.agent.call.id': ['gen_ai.agent.invocation.id'] } }),
        new SimpleSpanProcessor({ exporter }),
      ],
    });
    const ctx = propagation.setBaggage(
      ROOT_CONTEXT,
      propagation.createBaggage({ 'gen_ai.agent.call.id': { value: 'r-9' } }),
    );
    provider.getTracer('t').startSpan('s', {}, ctx).end();
    expect(exporter.getFinishedSpans()[0]!.attributes).toEqual({
      'gen_ai.agent.call.id': 'r-9',
      'gen_ai.agent.invocation.id': 'r-9',
    });
    const plain = new InMemorySpanExporter();
    const p2 = new TracerProvider({
      spanProcessors: [new RunBaggageSpanProcessor(), new SimpleSpanProcessor({ exporter: plain })],
    });
    p2.getTracer('t').startSpan('s', {}, ctx).end();
    expect(plain.getFinishedSpans()[0]!.attributes).toEqual({ 'gen_ai.agent.call.id': 'r-9' });
  });
});
