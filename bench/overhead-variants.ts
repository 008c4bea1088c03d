/**
 * The clients compared by the OpenAI overhead benchmark: one `openai` major, one way of tracing it.
 * Each variant is built in a process of its own (`bench/overhead-child.ts`), so the peers patch the
 * module the way they would in an application and nothing is swapped in and out between runs.
 */
import { OpenAIInstrumentation as ArizeInstrumentation } from '@arizeai/openinference-instrumentation-openai';
import { type Attributes, context, metrics, SpanKind, trace } from '@opentelemetry/api';
import { OpenAIInstrumentation as ContribInstrumentation } from '@opentelemetry/instrumentation-openai';
import * as openaiV7 from 'openai';
import * as openaiV5 from 'openai-v5';
import * as openaiV6 from 'openai-v6';
import { instrumentOpenAI } from '../src/instrumentation/openai/index.ts';

/** The `openai` majors measured, by label. */
export const VERSIONS = {
  'openai v7': openaiV7,
  'openai v6': openaiV6,
  'openai v5': openaiV5,
} as const satisfies Record<string, { OpenAI: unknown }>;

/** A label of {@link VERSIONS}. */
export type VersionLabel = keyof typeof VERSIONS;

/** Deltas per streamed answer. */
export const DELTAS = 1000;

/** The four scenarios, in table order. */
export const SCENARIOS = [
  'responses, non-stream',
  `responses, ${DELTAS}-delta stream`,
  'chat, non-stream',
  `chat, ${DELTAS}-delta stream`,
] as const;

/** One of {@link SCENARIOS}. */
export type ScenarioName = (typeof SCENARIOS)[number];

/** The variants, in table order. `uninstrumented` is the baseline of every ratio. */
export const VARIANTS = [
  'uninstrumented',
  'bare span',
  'same span by hand',
  'convtrace',
  '@opentelemetry/instrumentation-openai',
  '@arizeai/openinference-instrumentation-openai',
] as const;

/** One of {@link VARIANTS}. */
export type VariantName = (typeof VARIANTS)[number];

/** Whether `variant` can run on `version` in the scenario (streaming or not). */
export function supports(variant: VariantName, version: VersionLabel, streaming: boolean): boolean {
  // instrumentation-openai 0.22 declares openai >=4.19.0 <7.
  if (variant === '@opentelemetry/instrumentation-openai') return version !== 'openai v7';
  // The hand-written span ends at the parsed result; for a stream that would be at the headers.
  if (variant === 'same span by hand') return !streaming;
  return true;
}

// biome-ignore lint/suspicious/noExplicitAny: the three SDK majors have distinct client types.
type Client = any;
type Create = (this: unknown, body: Record<string, unknown>, options?: unknown) => Promise<unknown>;

function wrapCreates(client: Client, wrap: (original: Create) => Create): Client {
  for (const resource of [client.responses, client.chat.completions]) resource.create = wrap(resource.create);
  return client;
}

/** The floor any tracing pays: one attribute-less span per call, not made active, ended when the call settles. */
function bareSpan(client: Client): Client {
  const tracer = trace.getTracer('bench-bare-span');
  return wrapCreates(
    client,
    (original) =>
      function create(body, options) {
        const span = tracer.startSpan('chat');
        const p = original.call(this, body, options);
        p.then(
          () => span.end(),
          () => span.end(),
        );
        return p;
      },
  );
}

/**
 * What an instrumentation recording the same data cannot avoid: a CLIENT span with convtrace's six
 * start attributes, made the active context for the call (so transport spans would nest), and the
 * result attributes set from the parsed response — written inline, with no error, stream or
 * `asResponse()` handling, and parsing eagerly.
 */
function sameSpanByHand(client: Client): Client {
  const tracer = trace.getTracer('bench-by-hand');
  return wrapCreates(
    client,
    (original) =>
      function create(body, options) {
        const model = String(body.model);
        const parent = context.active();
        const span = tracer.startSpan(
          `chat ${model}`,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              'gen_ai.operation.name': 'chat',
              'gen_ai.provider.name': 'openai',
              'openai.api.type': 'messages' in body ? 'chat_completions' : 'responses',
              'gen_ai.request.model': model,
              'server.address': 'api.openai.com',
              'server.port': 443,
            },
          },
          parent,
        );
        const p = context.with(trace.setSpan(parent, span), original, this, body, options);
        p.then(
          (r) => {
            span.setAttributes(resultAttributes(r as Record<string, never>));
            span.end();
          },
          () => span.end(),
        );
        return p;
      },
  );
}

function resultAttributes(r: Record<string, never>): Attributes {
  const usage = (r.usage ?? {}) as Record<string, number | Record<string, number>>;
  const chat = r.object === 'chat.completion';
  const inDetails = (usage[chat ? 'prompt_tokens_details' : 'input_tokens_details'] ?? {}) as Record<
    string,
    number
  >;
  const outDetails = (usage[chat ? 'completion_tokens_details' : 'output_tokens_details'] ?? {}) as Record<
    string,
    number
  >;
  const choices = (r.choices ?? []) as Array<{ finish_reason: string }>;
  return {
    'gen_ai.response.id': r.id,
    'gen_ai.response.model': r.model,
    'gen_ai.response.finish_reasons': chat ? choices.map((c) => c.finish_reason) : ['stop'],
    'gen_ai.usage.input_tokens': usage[chat ? 'prompt_tokens' : 'input_tokens'] as number,
    'gen_ai.usage.output_tokens': usage[chat ? 'completion_tokens' : 'output_tokens'] as number,
    'gen_ai.usage.cache_read.input_tokens': inDetails.cached_tokens,
    'gen_ai.usage.reasoning.output_tokens': outDetails.reasoning_tokens,
    'openai.response.service_tier': r.service_tier,
  };
}

/** Patches the module's prototypes the way the peer's `enable()` would (the module is already loaded). */
function patchPeer(variant: VariantName, mod: { OpenAI: unknown }): void {
  if (variant === '@opentelemetry/instrumentation-openai') {
    const contrib = new ContribInstrumentation();
    // Its histograms are created in the base constructor, then reset by its own class fields; this
    // recreates them (as NodeSDK / registerInstrumentations would).
    contrib.setMeterProvider(metrics.getMeterProvider());
    contrib.getModuleDefinitions()[0]!.patch?.(mod);
  } else {
    // Its default configuration (which records inputs and outputs); not auto-enabled, patched below.
    const arize = new ArizeInstrumentation({ instrumentationConfig: { enabled: false } });
    (arize as unknown as { patch(m: unknown): unknown }).patch(mod);
  }
}

/**
 * A client of `version` traced by `variant`, with `fetch` as its transport. Call once per process:
 * the peers patch the module's prototypes.
 */
export function makeClient(version: VersionLabel, variant: VariantName, fetch: unknown): Client {
  const mod = VERSIONS[version] as unknown as { OpenAI: new (o: Record<string, unknown>) => Client };
  if (variant === '@opentelemetry/instrumentation-openai' || variant.startsWith('@arizeai/')) {
    patchPeer(variant, mod);
  }
  const client = new mod.OpenAI({ apiKey: 'sk-bench', fetch, maxRetries: 0 });
  switch (variant) {
    case 'bare span':
      return bareSpan(client);
    case 'same span by hand':
      return sameSpanByHand(client);
    case 'convtrace':
      return instrumentOpenAI(client);
    default:
      return client;
  }
}
