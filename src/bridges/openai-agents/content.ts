import { responsesInputMessages } from '../../instrumentation/openai/content-capture.ts';
import type { GenAIMessage } from '../../semconv/messages.ts';

type Obj = Record<string, unknown>;

/**
 * The SDK's input items (camelCase `callId`, `function_call_result` with a structured `output`)
 * rewritten to the Responses wire shape the OpenAI instrumentation already turns into GenAI messages.
 */
function toWireItem(item: unknown): unknown {
  if (item === null || typeof item !== 'object') return item;
  const i = item as Obj;
  if (i.type === 'function_call') return { ...i, call_id: i.callId };
  if (i.type === 'function_call_result') {
    const out = i.output as Obj | string | undefined;
    const text = typeof out === 'string' ? out : typeof out?.text === 'string' ? out.text : out;
    return { type: 'function_call_output', call_id: i.callId, output: text };
  }
  return item;
}

/** `gen_ai.input.messages` of a response span's input (a string or the SDK's items). */
export function agentsInputMessages(input: unknown): GenAIMessage[] {
  if (typeof input === 'string') return responsesInputMessages({ input });
  if (!Array.isArray(input)) return [];
  return responsesInputMessages({ input: input.map(toWireItem) });
}
