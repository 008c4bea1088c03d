import { ATTR_GEN_AI_INPUT_MESSAGES, ATTR_GEN_AI_OUTPUT_MESSAGES } from '../../semconv/attributes.ts';
import { type ChatMessage, parseChatMessages, spanContent } from '../display/messages.ts';
import { forEachNode, type SpanNode, type Turn } from './conversation-model.ts';

function messagesOf(n: SpanNode, key: string): ChatMessage[] {
  return parseChatMessages(spanContent(n.attributes, n.events, key));
}

/**
 * A turn as a chat: the user's prompt, then each model call's output (assistant text, tool calls) and
 * the tool results the next call was sent. Read from the captured `gen_ai.input.messages` /
 * `gen_ai.output.messages` of the turn's model calls: each call's input repeats the history, so only
 * the messages new since the previous call are taken (from the prompt on, for the first call).
 * Undefined when no model call of the turn has captured content.
 */
export function turnTranscript(turn: Turn): ChatMessage[] | undefined {
  const calls: SpanNode[] = [];
  forEachNode(turn.spans, (n) => {
    if (n.category === 'model') calls.push(n);
  });
  calls.sort((a, b) => a.startMs - b.startMs);
  const out: ChatMessage[] = [];
  let captured = false;
  let known: number | undefined; // messages of the history already shown (input + output so far)
  for (const call of calls) {
    const input = messagesOf(call, ATTR_GEN_AI_INPUT_MESSAGES);
    const output = messagesOf(call, ATTR_GEN_AI_OUTPUT_MESSAGES);
    if (input.length > 0 || output.length > 0) captured = true;
    if (input.length > 0) {
      let from = known ?? 0;
      if (known === undefined) {
        for (let i = input.length - 1; i >= 0; i--) {
          if (input[i]!.role === 'user') {
            from = i;
            break;
          }
        }
      }
      out.push(...input.slice(Math.min(from, input.length)).filter((m) => m.role !== 'system'));
      known = input.length + output.length;
    } else if (known !== undefined) known += output.length;
    out.push(...output);
  }
  return captured ? out : undefined;
}
