import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { OpenAIInstrumentation } from '../instrumentation/openai/instrumentation.ts';

/** Which of the default instrumentations {@link convtraceInstrumentations} leaves out. */
export interface ConvtraceInstrumentationsOptions {
  /** `node:http` / `https` (incoming and outgoing; carries `traceparent` + `baggage`). Default true. */
  http?: boolean;
  /** `fetch` (undici). Default true. */
  fetch?: boolean;
  /** The `openai` client, v5–v7 (`chat {model}` spans). Default true. */
  openai?: boolean;
}

/**
 * The instrumentations `convtrace/register` and `setupTracing()` enable — `node:http`, `fetch` and
 * the `openai` client — as fresh instances, for an app that owns its SDK
 * (`new NodeSDK({ instrumentations: [...convtraceInstrumentations()] })`).
 */
export function convtraceInstrumentations(options: ConvtraceInstrumentationsOptions = {}): Instrumentation[] {
  const list: Instrumentation[] = [];
  if (options.http !== false) list.push(new HttpInstrumentation());
  if (options.fetch !== false) list.push(new UndiciInstrumentation());
  if (options.openai !== false) list.push(new OpenAIInstrumentation());
  return list;
}
