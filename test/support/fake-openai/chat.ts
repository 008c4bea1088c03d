/** `POST /v1/chat/completions` (JSON, or SSE `data:` chunks ending with `data: [DONE]`). */
import { invalidRequest, isObject, sendJson, untilAborted } from './http.ts';
import { alnum, ids, nowSeconds } from './ids.ts';
import { chatToMessages } from './items.ts';
import type { RouteContext } from './route-context.ts';
import { prepareCall, type ResolvedReply, splitArguments, splitDeltas } from './script.ts';
import { SseWriter } from './sse.ts';
import type { FakeToolSpec, JsonObject } from './types.ts';

const FINGERPRINT = 'fp_fake0000';

function chatTools(body: JsonObject): FakeToolSpec[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools.filter(isObject).flatMap((tool) => {
    const fn = isObject(tool.function) ? tool.function : undefined;
    return tool.type === 'function' && fn && typeof fn.name === 'string'
      ? [{ name: fn.name, parameters: isObject(fn.parameters) ? fn.parameters : {} }]
      : [];
  });
}

function chatUsage(resolved: ResolvedReply): JsonObject {
  const u = resolved.usage;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(resolved: ResolvedReply): string {
  if (resolved.reply.incomplete) return 'length';
  return resolved.toolCalls.length > 0 ? 'tool_calls' : 'stop';
}

function validate(ctx: RouteContext): JsonObject {
  const body = ctx.body;
  if (!isObject(body)) throw invalidRequest('We could not parse the JSON body of your request.');
  if (typeof body.model !== 'string' || body.model === '') {
    throw invalidRequest('you must provide a model parameter', 'model', 'missing_required_parameter');
  }
  if (!Array.isArray(body.messages)) {
    throw invalidRequest("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  }
  if (body.messages.length === 0) {
    throw invalidRequest(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  body.messages.forEach((m, i) => {
    if (!isObject(m) || typeof m.role !== 'string') {
      throw invalidRequest(
        `Missing required parameter: 'messages[${i}].role'.`,
        `messages[${i}].role`,
        'missing_required_parameter',
      );
    }
  });
  return body;
}

/** POST /v1/chat/completions */
export async function createChatCompletion(ctx: RouteContext): Promise<void> {
  const { state, signal, res, startedAt } = ctx;
  const body = validate(ctx);
  const messages = chatToMessages(body.messages as JsonObject[]);
  const prepared = await prepareCall(state, signal, {
    api: 'chat.completions',
    body,
    messages,
    tools: chatTools(body),
  });
  if (!prepared) return;
  const { call, resolved } = prepared;
  const reply = resolved.reply;
  const head = { id: ids.chatCompletion(), created: nowSeconds(), model: reply.model ?? call.model };
  const toolCalls = resolved.toolCalls.map((c) => ({
    id: c.callId,
    type: 'function',
    function: { name: c.name, arguments: c.arguments },
  }));
  if (!call.stream) {
    const message: JsonObject = {
      role: 'assistant',
      content: resolved.text ?? null,
      refusal: null,
      annotations: [],
    };
    if (toolCalls.length > 0) message.tool_calls = toolCalls;
    sendJson(
      res,
      200,
      {
        ...head,
        object: 'chat.completion',
        service_tier: 'default',
        system_fingerprint: FINGERPRINT,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(resolved) }],
        usage: chatUsage(resolved),
      },
      startedAt,
    );
    return;
  }
  await streamChat(ctx, body, head, resolved);
}

async function streamChat(
  ctx: RouteContext,
  body: JsonObject,
  head: JsonObject,
  resolved: ResolvedReply,
): Promise<void> {
  const { signal, state } = ctx;
  const reply = resolved.reply;
  const options = isObject(body.stream_options) ? body.stream_options : {};
  const includeUsage = options.include_usage === true;
  const obfuscate = state.options.obfuscation !== false && options.include_obfuscation !== false;
  const sse = new SseWriter(ctx.res, signal, ctx.startedAt, state.options.chunkDelayMs);
  const chunk = (delta: JsonObject, finish: string | null = null, text = ''): JsonObject => ({
    ...head,
    object: 'chat.completion.chunk',
    service_tier: 'default',
    system_fingerprint: FINGERPRINT,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(includeUsage ? { usage: null } : {}),
    ...(obfuscate ? { obfuscation: alnum(Math.max(1, 12 - text.length)) } : {}),
  });
  let deltas = 0;
  /** Returns false when the stream must stop (error sent, cut, hung then aborted). */
  const checkpoint = async (): Promise<boolean> => {
    if (signal.aborted) return false;
    if (reply.hangAfter !== undefined && deltas >= reply.hangAfter) {
      await untilAborted(signal);
      return false;
    }
    if (reply.streamErrorAfter !== undefined && deltas >= reply.streamErrorAfter) {
      const spec = reply.streamError ?? {};
      if (spec.mode === 'cut') {
        sse.cut();
        return false;
      }
      const code = spec.code ?? 'server_error';
      const message =
        spec.message ?? 'The server had an error while processing your request. Sorry about that!';
      await sse.data({ error: { message, type: spec.type ?? code, param: null, code } });
      sse.end();
      return false;
    }
    return true;
  };
  const delta = async (d: JsonObject, text: string): Promise<boolean> => {
    if (!(await checkpoint())) return false;
    await sse.data(chunk(d, null, text));
    deltas++;
    return true;
  };

  await sse.data(chunk({ role: 'assistant', content: '', refusal: null }));
  for (const piece of splitDeltas(resolved.text ?? '')) {
    if (!(await delta({ content: piece }, piece))) return;
  }
  for (const [index, call] of resolved.toolCalls.entries()) {
    const first = { index, id: call.callId, type: 'function', function: { name: call.name, arguments: '' } };
    await sse.data(chunk({ tool_calls: [first] }));
    for (const piece of splitArguments(call.arguments)) {
      if (!(await delta({ tool_calls: [{ index, function: { arguments: piece } }] }, piece))) return;
    }
  }
  if (!(await checkpoint())) return;
  await sse.data(chunk({}, finishReason(resolved)));
  if (includeUsage) {
    const { choices: _choices, ...rest } = chunk({});
    await sse.data({ ...rest, choices: [], usage: chatUsage(resolved) });
  }
  await sse.done();
  sse.end();
}
