/**
 * Per-file setup for tests of the OpenAI instrumentation: the fake OpenAI server (see
 * {@link useFakeOpenAI}), an in-memory exporter behind a tracer provider the tests pass explicitly,
 * and the AsyncLocalStorage context manager for the file's lifetime.
 */
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type FakeOpenAIWithClient, useFakeOpenAI } from './fake-openai-client.ts';

/** Where the instrumented calls' spans end up. */
export interface OpenAITracing {
  /** Finished spans; emptied before each test. */
  readonly exporter: InMemorySpanExporter;
  /** The provider to hand to `instrumentOpenAI` / the instrumentation; shut down after the file. */
  readonly provider: TracerProvider;
}

/**
 * Registers the vitest hooks of the calling file: the fake OpenAI server (handed to `onStart`, reset
 * before each test), the global AsyncLocalStorage context manager, and a tracer provider exporting to
 * memory whose exporter is reset before each test.
 */
export function useOpenAITracing(onStart: (started: FakeOpenAIWithClient) => void): OpenAITracing {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  useFakeOpenAI(onStart);
  afterAll(async () => {
    context.disable();
    await provider.shutdown();
  });
  beforeEach(() => exporter.reset());
  return { exporter, provider };
}
