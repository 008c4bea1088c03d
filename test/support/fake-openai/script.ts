/**
 * Scripted replies: validation, picking the next reply (queue first, then the responder) and the
 * deterministic defaults (echo text, token counts).
 */
import { errorFromSpec, sleep, untilAborted } from './http.ts';
import { ids } from './ids.ts';
import type { FakeState } from './state.ts';
import type { FakeModelCall, FakeReply, FakeToolCall, FakeUsage, JsonObject } from './types.ts';

/** A tool call with its wire fields settled. */
export interface ResolvedToolCall {
  callId: string;
  name: string;
  arguments: string;
}

/** A reply with defaults applied, ready for an endpoint to render. */
export interface ResolvedReply {
  reply: FakeReply;
  text: string | undefined;
  toolCalls: ResolvedToolCall[];
  reasoning: string | undefined;
  usage: Required<Omit<FakeUsage, 'cacheWriteTokens'>> & { cacheWriteTokens?: number };
}

/** The built-in default: `echo: <last user text>`. */
export function echoText(call: FakeModelCall): string {
  return `echo: ${call.lastUserText ?? ''}`;
}

function checkCount(value: number | undefined, field: string): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < 0) {
    throw new TypeError(`FakeReply.${field} must be a non-negative integer, got ${String(value)}`);
  }
}

/** Validates a reply; throws a `TypeError` naming the bad field. */
export function validateReply(reply: FakeReply): FakeReply {
  if (typeof reply !== 'object' || reply === null) throw new TypeError('FakeReply must be an object');
  if (reply.text !== undefined && typeof reply.text !== 'string')
    throw new TypeError('FakeReply.text must be a string');
  if (reply.toolCalls !== undefined) {
    if (!Array.isArray(reply.toolCalls)) throw new TypeError('FakeReply.toolCalls must be an array');
    reply.toolCalls.forEach((call, i) => {
      if (typeof call?.name !== 'string' || call.name === '') {
        throw new TypeError(`FakeReply.toolCalls[${i}].name must be a non-empty string`);
      }
    });
  }
  checkCount(reply.delayMs, 'delayMs');
  checkCount(reply.streamErrorAfter, 'streamErrorAfter');
  checkCount(reply.hangAfter, 'hangAfter');
  if (reply.error !== undefined && !Number.isInteger(reply.error.status)) {
    throw new TypeError('FakeReply.error.status must be an integer HTTP status');
  }
  for (const [key, value] of Object.entries(reply.usage ?? {})) checkCount(value, `usage.${key}`);
  return reply;
}

function toolCall(call: FakeToolCall): ResolvedToolCall {
  const args =
    call.arguments === undefined
      ? '{}'
      : typeof call.arguments === 'string'
        ? call.arguments
        : JSON.stringify(call.arguments);
  return { callId: call.callId ?? ids.callId(), name: call.name, arguments: args };
}

/** Rough deterministic token count: a quarter of the characters, at least 1. */
export function tokenCount(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Takes the next scripted reply (or asks the responder) and applies defaults. */
export async function nextReply(state: FakeState, call: FakeModelCall): Promise<ResolvedReply> {
  const queued = state.script.shift();
  const reply = validateReply(
    queued ?? (state.responder ? await state.responder(call) : { text: echoText(call) }),
  );
  const toolCalls = (reply.toolCalls ?? []).map(toolCall);
  const hasContent = reply.text !== undefined || toolCalls.length > 0 || reply.error !== undefined;
  const text = hasContent ? reply.text : echoText(call);
  const reasoning = reply.reasoning;
  const inputText = call.messages
    .map((m) => m.text + (m.toolCalls ?? []).map((c) => c.name + c.arguments).join(''))
    .join('\n');
  const outText = (text ?? '') + toolCalls.map((c) => c.name + c.arguments).join('');
  const reasoningTokens = reply.usage?.reasoningTokens ?? (reasoning ? tokenCount(reasoning) : 0);
  const usage: ResolvedReply['usage'] = {
    inputTokens: reply.usage?.inputTokens ?? tokenCount(inputText),
    outputTokens: reply.usage?.outputTokens ?? tokenCount(outText) + reasoningTokens,
    cachedTokens: reply.usage?.cachedTokens ?? 0,
    reasoningTokens,
  };
  if (reply.usage?.cacheWriteTokens !== undefined) usage.cacheWriteTokens = reply.usage.cacheWriteTokens;
  return { reply, text, toolCalls, reasoning, usage };
}

/** A model call and the reply picked for it, once the reply's up-front behaviour has played out. */
export interface PreparedCall {
  call: FakeModelCall;
  resolved: ResolvedReply;
}

/**
 * Builds the {@link FakeModelCall} for a request, picks its reply and plays what happens before any
 * body is sent: the delay, a scripted error, and a hang or failure on a non-streaming request.
 * Throws the HTTP error to send; resolves `undefined` when the client went away first.
 */
export async function prepareCall(
  state: FakeState,
  signal: AbortSignal,
  request: Pick<FakeModelCall, 'api' | 'body' | 'messages' | 'tools'>,
): Promise<PreparedCall | undefined> {
  const { api, body, messages, tools } = request;
  const stream = body.stream === true;
  const call: FakeModelCall = {
    api,
    model: body.model as string,
    body,
    messages,
    tools,
    lastUserText: messages.findLast((m) => m.role === 'user')?.text,
    lastMessage: messages.at(-1),
    stream,
  };
  const resolved = await nextReply(state, call);
  const reply = resolved.reply;
  if (reply.delayMs && !(await sleep(reply.delayMs, signal))) return undefined;
  if (reply.error) throw errorFromSpec(reply.error);
  if (!stream && reply.hangAfter !== undefined) {
    await untilAborted(signal);
    return undefined;
  }
  if (!stream && reply.streamErrorAfter !== undefined) throw errorFromSpec({ status: 500 });
  return { call, resolved };
}

/** Splits text into word-sized deltas (`"a b c"` → `["a ", "b ", "c"]`). */
export function splitDeltas(text: string): string[] {
  const parts = text.match(/\s*\S+\s*/g);
  return parts && parts.length > 0 ? parts : text === '' ? [] : [text];
}

/** Splits tool-call arguments into a few deltas. */
export function splitArguments(args: string): string[] {
  const size = Math.max(1, Math.ceil(args.length / 3));
  const out: string[] = [];
  for (let i = 0; i < args.length; i += size) out.push(args.slice(i, i + size));
  return out;
}

/** A plausible value for a JSON-schema property (demo tool arguments). */
function sampleValue(schema: unknown, fallbackText: string): unknown {
  const type = typeof schema === 'object' && schema !== null ? (schema as JsonObject).type : undefined;
  switch (type) {
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      return fallbackText;
  }
}

/** Arguments for a tool built from its schema: strings get the last user text, numbers 1, … */
export function sampleArguments(parameters: JsonObject, lastUserText: string): JsonObject {
  const props = parameters.properties;
  const args: Record<string, unknown> = {};
  if (typeof props === 'object' && props !== null && !Array.isArray(props)) {
    for (const [key, schema] of Object.entries(props)) args[key] = sampleValue(schema, lastUserText);
  }
  return args as JsonObject;
}

/**
 * A responder for demos: when tools are offered and the newest message is not a tool result, call the
 * first tool (arguments sampled from its schema); otherwise answer with text that quotes the tool results
 * gathered since the last user message (or echo it).
 */
export function toolCallingResponder(call: FakeModelCall): FakeReply {
  const last = call.lastMessage;
  const tool = call.tools[0];
  if (tool && last?.role !== 'tool') {
    return {
      toolCalls: [{ name: tool.name, arguments: sampleArguments(tool.parameters, call.lastUserText ?? '') }],
    };
  }
  const results: string[] = [];
  for (let i = call.messages.length - 1; i >= 0; i--) {
    const message = call.messages[i]!;
    if (message.role === 'user') break;
    if (message.role === 'tool') results.unshift(message.text);
  }
  return { text: results.length > 0 ? `tool said: ${results.join('; ')}` : echoText(call) };
}
