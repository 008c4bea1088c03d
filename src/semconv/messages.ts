import type { ModelMessage } from '../messages/types.ts';

/** One part of a GenAI semconv message (`gen_ai.input.messages` / `gen_ai.output.messages` schema). */
export type GenAiPart =
  | { type: 'text'; content: string }
  | { type: 'reasoning'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: unknown }
  | { type: string; [key: string]: unknown };

/** One GenAI semconv message. */
export interface GenAiMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  parts: GenAiPart[];
  finish_reason?: string;
}

/** Tool-call arguments as data: a JSON string is parsed (kept as the string when it is not JSON). */
export function parseToolArguments(args: unknown): unknown {
  if (typeof args !== 'string') return args ?? {};
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}

/**
 * Converts convtrace messages to the GenAI semconv message JSON shape, for opt-in content capture.
 * System prompts and instructions are returned separately (`gen_ai.system_instructions`).
 */
export function toGenAiMessages(messages: readonly ModelMessage[]): {
  messages: GenAiMessage[];
  systemInstructions: GenAiPart[];
} {
  const out: GenAiMessage[] = [];
  const system: GenAiPart[] = [];
  const last = messages.at(-1);
  if (last?.kind === 'request' && last.instructions)
    system.push({ type: 'text', content: last.instructions });
  for (const m of messages) {
    if (m.kind === 'response') {
      const parts: GenAiPart[] = [];
      for (const p of m.parts) {
        const q = p as Record<string, unknown>;
        if (p.part_kind === 'text') parts.push({ type: 'text', content: String(q.content) });
        else if (p.part_kind === 'thinking') parts.push({ type: 'reasoning', content: String(q.content) });
        else if (p.part_kind === 'tool-call') {
          parts.push({
            type: 'tool_call',
            id: String(q.tool_call_id),
            name: String(q.tool_name),
            arguments: parseToolArguments(q.args),
          });
        }
      }
      out.push({ role: 'assistant', parts, ...(m.finish_reason ? { finish_reason: m.finish_reason } : {}) });
      continue;
    }
    for (const p of m.parts) {
      const q = p as Record<string, unknown>;
      if (p.part_kind === 'system-prompt') system.push({ type: 'text', content: String(q.content) });
      else if (p.part_kind === 'user-prompt') {
        const content = typeof q.content === 'string' ? q.content : JSON.stringify(q.content);
        out.push({ role: 'user', parts: [{ type: 'text', content }] });
      } else if (p.part_kind === 'tool-return') {
        out.push({
          role: 'tool',
          parts: [{ type: 'tool_call_response', id: String(q.tool_call_id), response: q.content }],
        });
      } else if (p.part_kind === 'retry-prompt') {
        const text = typeof q.content === 'string' ? q.content : JSON.stringify(q.content);
        out.push(
          q.tool_name
            ? {
                role: 'tool',
                parts: [{ type: 'tool_call_response', id: String(q.tool_call_id), response: text }],
              }
            : { role: 'user', parts: [{ type: 'text', content: text }] },
        );
      }
    }
  }
  return { messages: out, systemInstructions: system };
}
