/** `/v1/conversations` and `/v1/conversations/{id}/items` routes. */
import { ConversationStore, parseMetadata } from './conversation-store.ts';
import { invalidRequest, isObject, notFound, sendJson } from './http.ts';
import type { RouteContext } from './route-context.ts';
import type { JsonObject, JsonValue } from './types.ts';

function bodyObject(ctx: RouteContext): JsonObject {
  if (ctx.body === undefined) return {};
  if (!isObject(ctx.body)) throw invalidRequest('We could not parse the JSON body of your request.');
  return ctx.body;
}

function itemArray(value: JsonValue | undefined, required: boolean): JsonObject[] {
  if (value === undefined || value === null) {
    if (required)
      throw invalidRequest("Missing required parameter: 'items'.", 'items', 'missing_required_parameter');
    return [];
  }
  if (!Array.isArray(value))
    throw invalidRequest("Invalid type for 'items': expected an array.", 'items', 'invalid_type');
  return value.map((item, i) => {
    if (!isObject(item))
      throw invalidRequest(
        `Invalid type for 'items[${i}]': expected an object.`,
        `items[${i}]`,
        'invalid_type',
      );
    return item;
  });
}

function list(items: JsonObject[], hasMore: boolean): JsonObject {
  return {
    object: 'list',
    data: items,
    first_id: (items[0]?.id as string | undefined) ?? null,
    last_id: (items.at(-1)?.id as string | undefined) ?? null,
    has_more: hasMore,
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** POST /v1/conversations */
export function createConversation(ctx: RouteContext): void {
  const body = bodyObject(ctx);
  const conversation = ctx.state.conversations.create(
    itemArray(body.items, false),
    parseMetadata(body.metadata),
  );
  sendJson(ctx.res, 200, ConversationStore.toJson(conversation), ctx.startedAt);
}

/** GET /v1/conversations/{id} */
export function retrieveConversation(ctx: RouteContext, [id]: string[]): void {
  sendJson(ctx.res, 200, ConversationStore.toJson(ctx.state.conversations.get(id!)), ctx.startedAt);
}

/** POST /v1/conversations/{id} (metadata update) */
export function updateConversation(ctx: RouteContext, [id]: string[]): void {
  const body = bodyObject(ctx);
  const conversation = ctx.state.conversations.get(id!);
  if (body.metadata === undefined) {
    throw invalidRequest("Missing required parameter: 'metadata'.", 'metadata', 'missing_required_parameter');
  }
  conversation.metadata = parseMetadata(body.metadata);
  sendJson(ctx.res, 200, ConversationStore.toJson(conversation), ctx.startedAt);
}

/** DELETE /v1/conversations/{id} */
export function deleteConversation(ctx: RouteContext, [id]: string[]): void {
  ctx.state.conversations.delete(id!);
  sendJson(ctx.res, 200, { id: id!, object: 'conversation.deleted', deleted: true }, ctx.startedAt);
}

/** POST /v1/conversations/{id}/items → the created items. */
export function createItems(ctx: RouteContext, [id]: string[]): void {
  const body = bodyObject(ctx);
  const items = itemArray(body.items, true);
  if (items.length > 20)
    throw invalidRequest("Invalid 'items': array too long (max 20).", 'items', 'array_above_max_length');
  const created = ctx.state.conversations.append(id!, items, 'items');
  sendJson(ctx.res, 200, list(created, false), ctx.startedAt);
}

/** GET /v1/conversations/{id}/items with `limit` (1-100, default 20), `order` (default desc), `after`. */
export function listItems(ctx: RouteContext, [id]: string[]): void {
  const conversation = ctx.state.conversations.get(id!);
  const limitText = single(ctx.query.limit);
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidRequest(
      `Invalid 'limit': expected an integer between 1 and 100, got ${limitText}.`,
      'limit',
      'invalid_value',
    );
  }
  const order = single(ctx.query.order) ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    throw invalidRequest(
      `Invalid value: '${order}'. Supported values are: 'asc' and 'desc'.`,
      'order',
      'invalid_value',
    );
  }
  let items = order === 'asc' ? [...conversation.items] : [...conversation.items].reverse();
  const after = single(ctx.query.after);
  if (after !== undefined) {
    const index = items.findIndex((item) => item.id === after);
    if (index < 0) throw notFound(`Item with id '${after}' not found.`, 'after');
    items = items.slice(index + 1);
  }
  sendJson(ctx.res, 200, list(items.slice(0, limit), items.length > limit), ctx.startedAt);
}

function findItem(ctx: RouteContext, conversationId: string, itemId: string): number {
  const index = ctx.state.conversations.get(conversationId).items.findIndex((item) => item.id === itemId);
  if (index < 0) throw notFound(`Item with id '${itemId}' not found.`, 'item_id');
  return index;
}

/** GET /v1/conversations/{id}/items/{item_id} */
export function retrieveItem(ctx: RouteContext, [id, itemId]: string[]): void {
  const index = findItem(ctx, id!, itemId!);
  sendJson(ctx.res, 200, ctx.state.conversations.get(id!).items[index]!, ctx.startedAt);
}

/** DELETE /v1/conversations/{id}/items/{item_id} → the conversation. */
export function deleteItem(ctx: RouteContext, [id, itemId]: string[]): void {
  const index = findItem(ctx, id!, itemId!);
  const conversation = ctx.state.conversations.get(id!);
  conversation.items.splice(index, 1);
  sendJson(ctx.res, 200, ConversationStore.toJson(conversation), ctx.startedAt);
}
