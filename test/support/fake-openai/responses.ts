/** `/v1/responses` routes: create (JSON or SSE), retrieve, delete, input items. */
import { invalidRequest, isObject, notFound, sendJson } from './http.ts';
import { ids, nowSeconds } from './ids.ts';
import { inputToItems, itemsToMessages, toStoredItem } from './items.ts';
import { buildOutputItems, buildResponse, buildUsage, type ResponseFrame } from './response-object.ts';
import { streamResponse } from './responses-stream.ts';
import type { RouteContext } from './route-context.ts';
import { prepareCall } from './script.ts';
import { SseWriter } from './sse.ts';
import type { FakeToolSpec, JsonObject } from './types.ts';

function conversationIdOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (isObject(value as JsonObject) && typeof (value as JsonObject).id === 'string')
    return String((value as JsonObject).id);
  throw invalidRequest(
    "Invalid type for 'conversation': expected a string or an object with 'id'.",
    'conversation',
  );
}

/** Function tools offered in a Responses body (flat `{type:'function', name, parameters}`). */
function responsesTools(body: JsonObject): FakeToolSpec[] {
  if (!Array.isArray(body.tools)) return [];
  return body.tools
    .filter(isObject)
    .flatMap((tool) =>
      tool.type === 'function' && typeof tool.name === 'string'
        ? [{ name: tool.name, parameters: isObject(tool.parameters) ? tool.parameters : {} }]
        : [],
    );
}

/** Checks the request body; throws the live API's 400/404 errors in the live order. */
function validate(ctx: RouteContext): { body: JsonObject; conversationId?: string; previousId?: string } {
  const body = ctx.body;
  if (!isObject(body)) throw invalidRequest('We could not parse the JSON body of your request.', null);
  if (typeof body.model !== 'string' || body.model === '') {
    throw invalidRequest("Missing required parameter: 'model'.", 'model', 'missing_required_parameter');
  }
  if (isObject(body.stream_options) && body.stream_options.include_usage !== undefined) {
    throw invalidRequest(
      "Unknown parameter: 'stream_options.include_usage'.",
      'stream_options.include_usage',
      'unknown_parameter',
    );
  }
  if (typeof body.max_output_tokens === 'number' && body.max_output_tokens < 16) {
    throw invalidRequest(
      `Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got ${body.max_output_tokens} instead.`,
      'max_output_tokens',
      'integer_below_min_value',
    );
  }
  const conversationId = conversationIdOf(body.conversation);
  const previousId = body.previous_response_id ?? undefined;
  if (previousId !== undefined && typeof previousId !== 'string') {
    throw invalidRequest(
      "Invalid type for 'previous_response_id': expected a string.",
      'previous_response_id',
    );
  }
  if (conversationId !== undefined && previousId !== undefined) {
    throw invalidRequest(
      "Mutually exclusive parameters: ''. Ensure you are only providing one of: 'pre..._id' or 'conversation'.",
      null,
      'mutually_exclusive_parameters',
    );
  }
  if (conversationId !== undefined && !ctx.state.conversations.has(conversationId)) {
    throw notFound(`Conversation with id '${conversationId}' not found.`);
  }
  if (previousId !== undefined && !ctx.state.responses.has(previousId)) {
    const status = ctx.state.options.previousResponseNotFoundStatus ?? 404;
    const error = status === 400 ? invalidRequest : notFound;
    throw error(
      `Previous response with id '${previousId}' not found.`,
      'previous_response_id',
      'previous_response_not_found',
    );
  }
  return { body, ...(conversationId ? { conversationId } : {}), ...(previousId ? { previousId } : {}) };
}

/** POST /v1/responses */
export async function createResponse(ctx: RouteContext): Promise<void> {
  const { state, signal, res, startedAt } = ctx;
  const { body, conversationId, previousId } = validate(ctx);
  const rawInput = inputToItems(body.input);
  const inputItems = rawInput.map((item, i) =>
    item.type === 'item_reference' ? item : toStoredItem(item, `input[${i}]`),
  );
  let history: JsonObject[] = [];
  let release = () => {};
  if (conversationId !== undefined) {
    state.conversations.assertNoDuplicates(conversationId, rawInput, 'input');
    history = [...(state.conversations.items.get(conversationId) ?? [])];
    release = state.conversations.lock(conversationId);
  } else if (previousId !== undefined) {
    const previous = state.responses.get(previousId)!;
    history = [...previous.context, ...(previous.response.output as JsonObject[])];
  }
  try {
    const context = [...history, ...inputItems];
    const messages = itemsToMessages(context);
    if (typeof body.instructions === 'string')
      messages.unshift({ role: 'developer', text: body.instructions });
    const prepared = await prepareCall(state, signal, {
      api: 'responses',
      body,
      messages,
      tools: responsesTools(body),
    });
    if (!prepared) return;
    const { call, resolved } = prepared;
    const reply = resolved.reply;
    const frame: ResponseFrame = {
      id: ids.response(),
      createdAt: nowSeconds(),
      model: call.model,
      body,
      conversationId,
    };
    const incomplete = reply.incomplete === true;
    const output = buildOutputItems(resolved, incomplete);
    /** Stores the response and appends to the conversation; runs before the client sees the end. */
    const commit = (final: JsonObject) => {
      if (body.store !== false)
        state.responses.set(String(final.id), { response: final, context, inputItems });
      if (conversationId !== undefined && state.conversations.has(conversationId)) {
        state.conversations.append(conversationId, [...inputItems, ...output], 'input');
      }
      release();
    };
    if (call.stream) {
      const obfuscate =
        state.options.obfuscation !== false &&
        !(isObject(body.stream_options) && body.stream_options.include_obfuscation === false);
      const sse = new SseWriter(res, signal, startedAt, state.options.chunkDelayMs);
      await streamResponse(sse, { frame, resolved, output, obfuscate, signal, commit });
    } else {
      const final = buildResponse(frame, {
        status: incomplete ? 'incomplete' : 'completed',
        output,
        usage: buildUsage(resolved),
        ...(incomplete ? { incompleteReason: 'max_output_tokens' } : {}),
        ...(reply.model ? { model: reply.model } : {}),
      });
      if (signal.aborted) return;
      commit(final);
      sendJson(res, 200, final, startedAt);
    }
  } finally {
    release();
  }
}

function storedOr404(ctx: RouteContext, id: string) {
  const stored = ctx.state.responses.get(id);
  if (!stored) throw notFound(`Response with id '${id}' not found.`, 'response_id');
  return stored;
}

/** GET /v1/responses/{id} */
export function retrieveResponse(ctx: RouteContext, [id]: string[]): void {
  sendJson(ctx.res, 200, storedOr404(ctx, id!).response, ctx.startedAt);
}

/** DELETE /v1/responses/{id} */
export function deleteResponse(ctx: RouteContext, [id]: string[]): void {
  storedOr404(ctx, id!);
  ctx.state.responses.delete(id!);
  sendJson(ctx.res, 200, { id: id!, object: 'response.deleted', deleted: true }, ctx.startedAt);
}

/** GET /v1/responses/{id}/input_items (whole list, one page, `order` honoured). */
export function listInputItems(ctx: RouteContext, [id]: string[]): void {
  const items = [...storedOr404(ctx, id!).inputItems];
  if (ctx.query.order !== 'asc') items.reverse();
  sendJson(
    ctx.res,
    200,
    {
      object: 'list',
      data: items,
      first_id: (items[0]?.id as string | undefined) ?? null,
      last_id: (items.at(-1)?.id as string | undefined) ?? null,
      has_more: false,
    },
    ctx.startedAt,
  );
}
