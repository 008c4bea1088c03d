/**
 * A LangChain chat model for tests: a real `BaseChatModel` subclass whose reply is scripted — to a
 * user message it answers with a `get_weather` tool call (city = the message text), to a tool result
 * with `tool said: …`. Reports usage, a response id and a finish reason like a provider would.
 */

import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { AIMessage } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';

/** The model name it reports. */
export const SCRIPTED_MODEL = 'scripted-1';

export class ScriptedChatModel extends BaseChatModel {
  private calls = 0;

  _llmType(): string {
    return 'scripted';
  }

  override invocationParams(): { model: string } {
    return { model: SCRIPTED_MODEL };
  }

  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const last = messages.at(-1);
    const n = ++this.calls;
    const text = typeof last?.content === 'string' ? last.content : '';
    const usage = {
      input_tokens: 10 * messages.length,
      output_tokens: 5,
      total_tokens: 10 * messages.length + 5,
    };
    const isToolResult = last?.getType() === 'tool';
    const message = new AIMessage({
      id: `resp-${n}`,
      content: isToolResult ? `tool said: ${text}` : '',
      tool_calls: isToolResult
        ? []
        : [{ id: `call-${n}`, name: 'get_weather', args: { city: text }, type: 'tool_call' }],
      usage_metadata: usage,
      response_metadata: { model_name: SCRIPTED_MODEL, finish_reason: isToolResult ? 'stop' : 'tool_calls' },
    });
    return { generations: [{ text: String(message.content), message }] };
  }
}
