/**
 * Responses API items: normalising request input into stored items (with server ids) and turning items
 * into the neutral {@link FakeCallMessage} context a responder sees.
 */
import { invalidRequest, isObject } from './http.ts';
import { ids } from './ids.ts';
import type { FakeCallMessage, JsonObject, JsonValue } from './types.ts';

const ROLES = new Set(['system', 'developer', 'user', 'assistant']);

/** Turns `input` (string or item array) into a list of raw items; throws 400 on a bad shape. */
export function inputToItems(input: JsonValue | undefined): JsonObject[] {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  if (!Array.isArray(input))
    throw invalidRequest("Invalid type for 'input': expected a string or an array.", 'input');
  return input.map((item, index) => {
    if (!isObject(item)) {
      throw invalidRequest(`Invalid type for 'input[${index}]': expected an object.`, `input[${index}]`);
    }
    return item;
  });
}

function textPart(role: string, text: string): JsonObject {
  return role === 'assistant'
    ? { type: 'output_text', text, annotations: [], logprobs: [] }
    : { type: 'input_text', text };
}

/**
 * Normalises one input item the way the server stores it: an id, `status: 'completed'`, string message
 * content turned into a text part. `path` names the item in error messages (e.g. `input[2]`).
 */
export function toStoredItem(item: JsonObject, path: string): JsonObject {
  const type = typeof item.type === 'string' ? item.type : item.role !== undefined ? 'message' : undefined;
  const id = typeof item.id === 'string' ? item.id : undefined;
  switch (type) {
    case 'message': {
      const role = item.role;
      if (typeof role !== 'string' || !ROLES.has(role)) {
        throw invalidRequest(
          `Invalid value for '${path}.role': expected one of system, developer, user, assistant.`,
          `${path}.role`,
        );
      }
      const content = item.content;
      let parts: JsonValue[];
      if (typeof content === 'string') parts = [textPart(role, content)];
      else if (Array.isArray(content)) parts = content;
      else
        throw invalidRequest(
          `Missing required parameter: '${path}.content'.`,
          `${path}.content`,
          'missing_required_parameter',
        );
      return { type: 'message', id: id ?? ids.message(), status: 'completed', role, content: parts };
    }
    case 'function_call':
      return {
        type: 'function_call',
        id: id ?? ids.functionCall(),
        status: 'completed',
        arguments: item.arguments ?? '',
        call_id: item.call_id ?? null,
        name: item.name ?? null,
      };
    case 'function_call_output':
      if (typeof item.call_id !== 'string') {
        throw invalidRequest(
          `Missing required parameter: '${path}.call_id'.`,
          `${path}.call_id`,
          'missing_required_parameter',
        );
      }
      return {
        type: 'function_call_output',
        id: id ?? ids.functionCallOutput(),
        call_id: item.call_id,
        output: item.output ?? '',
        status: 'completed',
      };
    case 'reasoning':
      return { ...item, id: id ?? ids.reasoning() };
    case undefined:
      throw invalidRequest(
        `Missing required parameter: '${path}.type'.`,
        `${path}.type`,
        'missing_required_parameter',
      );
    default:
      return { ...item, id: id ?? ids.item() };
  }
}

function partsText(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (typeof part === 'string') text += part;
    else if (isObject(part) && typeof part.text === 'string') text += part.text;
    else if (isObject(part) && typeof part.refusal === 'string') text += part.refusal;
  }
  return text;
}

function outputText(output: JsonValue | undefined): string {
  return typeof output === 'string' ? output : partsText(output);
}

/** Converts Responses items (raw or stored) into responder context messages. */
export function itemsToMessages(items: readonly JsonObject[]): FakeCallMessage[] {
  const messages: FakeCallMessage[] = [];
  for (const item of items) {
    const type = typeof item.type === 'string' ? item.type : item.role !== undefined ? 'message' : undefined;
    if (type === 'message' && typeof item.role === 'string' && ROLES.has(item.role)) {
      messages.push({ role: item.role as FakeCallMessage['role'], text: partsText(item.content) });
    } else if (type === 'function_call') {
      const call = {
        callId: String(item.call_id ?? ''),
        name: String(item.name ?? ''),
        arguments: String(item.arguments ?? ''),
      };
      const last = messages.at(-1);
      if (last?.role === 'assistant' && last.toolCalls) last.toolCalls.push(call);
      else messages.push({ role: 'assistant', text: '', toolCalls: [call] });
    } else if (type === 'function_call_output') {
      messages.push({ role: 'tool', text: outputText(item.output), callId: String(item.call_id ?? '') });
    }
  }
  return messages;
}

/** Converts Chat Completions `messages` into responder context messages. */
export function chatToMessages(messages: readonly JsonObject[]): FakeCallMessage[] {
  const out: FakeCallMessage[] = [];
  for (const message of messages) {
    const role = message.role;
    if (role === 'tool') {
      out.push({
        role: 'tool',
        text: partsText(message.content),
        callId: String(message.tool_call_id ?? ''),
      });
    } else if (role === 'function') {
      out.push({ role: 'tool', text: partsText(message.content), callId: String(message.name ?? '') });
    } else if (typeof role === 'string' && ROLES.has(role)) {
      const entry: FakeCallMessage = {
        role: role as FakeCallMessage['role'],
        text: partsText(message.content),
      };
      if (Array.isArray(message.tool_calls)) {
        entry.toolCalls = message.tool_calls.filter(isObject).map((call) => {
          const fn = isObject(call.function) ? call.function : {};
          return {
            callId: String(call.id ?? ''),
            name: String(fn.name ?? ''),
            arguments: String(fn.arguments ?? ''),
          };
        });
      }
      out.push(entry);
    }
  }
  return out;
}
