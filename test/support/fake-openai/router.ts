/** Route table of the fake: method + path pattern → handler. */
import { createChatCompletion } from './chat.ts';
import {
  createConversation,
  createItems,
  deleteConversation,
  deleteItem,
  listItems,
  retrieveConversation,
  retrieveItem,
  updateConversation,
} from './conversations.ts';
import { HttpError } from './http.ts';
import { createResponse, deleteResponse, listInputItems, retrieveResponse } from './responses.ts';
import type { RouteContext, RouteHandler } from './route-context.ts';

interface Route {
  method: string;
  pattern: RegExp;
  handler: RouteHandler;
}

const SEG = '([^/]+)';

function route(method: string, path: string, handler: RouteHandler): Route {
  return { method, pattern: new RegExp(`^${path.replaceAll('{}', SEG)}/?$`), handler };
}

const ROUTES: Route[] = [
  route('POST', '/v1/responses', createResponse),
  route('GET', '/v1/responses/{}', retrieveResponse),
  route('DELETE', '/v1/responses/{}', deleteResponse),
  route('GET', '/v1/responses/{}/input_items', listInputItems),
  route('POST', '/v1/chat/completions', createChatCompletion),
  route('POST', '/v1/conversations', createConversation),
  route('GET', '/v1/conversations/{}', retrieveConversation),
  route('POST', '/v1/conversations/{}', updateConversation),
  route('DELETE', '/v1/conversations/{}', deleteConversation),
  route('POST', '/v1/conversations/{}/items', createItems),
  route('GET', '/v1/conversations/{}/items', listItems),
  route('GET', '/v1/conversations/{}/items/{}', retrieveItem),
  route('DELETE', '/v1/conversations/{}/items/{}', deleteItem),
];

/** Runs the matching handler; unknown routes → 404 "Invalid URL (METHOD /path)". */
export async function dispatch(ctx: RouteContext): Promise<void> {
  for (const candidate of ROUTES) {
    if (candidate.method !== ctx.method) continue;
    const match = candidate.pattern.exec(ctx.path);
    if (!match) continue;
    await candidate.handler(
      ctx,
      match.slice(1).map((segment) => decodeURIComponent(segment)),
    );
    return;
  }
  throw new HttpError(404, {
    message: `Invalid URL (${ctx.method} ${ctx.path})`,
    type: 'invalid_request_error',
    param: null,
    code: null,
  });
}
