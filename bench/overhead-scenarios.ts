/**
 * What every OpenAI overhead measurement shares, whichever harness runs it (`overhead-child.ts`, one
 * variant per process; `openai-overhead-paired.ts`, variants taking turns in one process): the call
 * each scenario makes, the canned transport answering it, and the SDK span pipeline the spans go to.
 */
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BatchSpanProcessor, type SpanExporter, TracerProvider } from '@opentelemetry/sdk-trace';
import {
  cannedFetch,
  chatJsonBody,
  chatStreamBody,
  responsesJsonBody,
  responsesStreamBody,
} from './canned-openai.ts';
import { DELTAS, type ScenarioName } from './overhead-variants.ts';

// biome-ignore lint/suspicious/noExplicitAny: the three SDK majors have distinct client types.
type Client = any;

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream) {
    /* consume */
  }
}

/** The call each scenario makes on a client. */
export const SCENARIO_CALLS: Record<ScenarioName, (c: Client) => Promise<unknown>> = {
  'responses, non-stream': (c) =>
    c.responses.create({ model: 'gpt-4.1', input: 'Weather in Paris?', instructions: 'Answer briefly.' }),
  [`responses, ${DELTAS}-delta stream`]: async (c: Client) =>
    drain(await c.responses.create({ model: 'gpt-4.1', input: 'Count.', stream: true })),
  'chat, non-stream': (c) =>
    c.chat.completions.create({
      model: 'gpt-4.1-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
      ],
    }),
  [`chat, ${DELTAS}-delta stream`]: async (c: Client) =>
    drain(
      await c.chat.completions.create({
        model: 'gpt-4.1-mini',
        messages: [{ role: 'user', content: 'Count.' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    ),
} as Record<ScenarioName, (c: Client) => Promise<unknown>>;

/** A `fetch` answering `scenario`'s API (Chat or Responses) with its recorded JSON or SSE body. */
export function scenarioFetch(scenario: ScenarioName): unknown {
  const chat = scenario.startsWith('chat');
  return cannedFetch(
    chat
      ? { json: chatJsonBody(), sse: chatStreamBody(DELTAS) }
      : { json: responsesJsonBody(), sse: responsesStreamBody(DELTAS) },
  );
}

/** The global span pipeline of a measurement, and how many spans it has exported. */
export interface Pipeline {
  provider: TracerProvider;
  /** Spans handed to the (discarding) exporter since the last reset. */
  exported(): number;
  resetExported(): void;
}

/**
 * Installs the pipeline every variant exports through: AsyncLocalStorage context, a `TracerProvider`
 * with a `BatchSpanProcessor` at its default settings, and an exporter that counts and discards.
 */
export function installPipeline(): Pipeline {
  let exported = 0;
  const discard: SpanExporter = {
    export(spans, done) {
      exported += spans.length;
      done({ code: 0 });
    },
    shutdown: async () => {},
  };
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: discard })] });
  trace.setGlobalTracerProvider(provider);
  return {
    provider,
    exported: () => exported,
    resetExported: () => {
      exported = 0;
    },
  };
}

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
