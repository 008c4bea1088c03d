/** `startFakeOpenAI`: a node:http server on 127.0.0.1 speaking OpenAI's wire format. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CassettePlayer, readCassette } from './cassette.ts';
import { HttpError, readBody, sendError } from './http.ts';
import type { RouteContext } from './route-context.ts';
import { dispatch } from './router.ts';
import { validateReply } from './script.ts';
import { createState, type FakeState } from './state.ts';
import type {
  FakeOpenAI,
  FakeOpenAIOptions,
  FakeReply,
  JsonObject,
  JsonValue,
  RecordedRequest,
} from './types.ts';

const MISSING_KEY =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).";

function queryRecord(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    out[key] = values.length === 1 ? values[0]! : values;
  }
  return out;
}

function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function parseJson(text: string): JsonValue | undefined {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** 401 unless `Authorization: Bearer <key>` is present (and equals `expected` when given). */
function checkAuth(headers: Record<string, string>, expected: string | undefined): void {
  const match = /^Bearer\s+(\S.*)$/i.exec(headers.authorization ?? '');
  if (!match) {
    throw new HttpError(401, {
      message: MISSING_KEY,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  }
  const key = match[1]!.trim();
  if (expected !== undefined && key !== expected) {
    const shown = key.length > 8 ? `${key.slice(0, 3)}*****${key.slice(-4)}` : key;
    throw new HttpError(401, {
      message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    });
  }
}

async function handle(
  state: FakeState,
  requests: RecordedRequest[],
  req: IncomingMessage,
  res: ServerResponse,
) {
  const startedAt = Date.now();
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(req);
    const body = parseJson(rawBody);
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = headerRecord(req);
    const query = queryRecord(url.searchParams);
    requests.push({ method, path: url.pathname, query, headers, body, rawBody });
    checkAuth(headers, state.options.apiKey);
    if (rawBody.trim() !== '' && body === undefined) {
      throw new HttpError(400, {
        message:
          "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
    if (state.cassette) {
      CassettePlayer.send(res, state.cassette.take(method, url.pathname), startedAt);
      return;
    }
    const ctx: RouteContext = {
      req,
      res,
      method,
      path: url.pathname,
      query,
      body,
      signal: controller.signal,
      startedAt,
      state,
    };
    await dispatch(ctx);
  } catch (error) {
    const httpError =
      error instanceof HttpError
        ? error
        : new HttpError(500, {
            message: `fake-openai internal error: ${error instanceof Error ? error.message : String(error)}`,
            type: 'server_error',
            param: null,
            code: 'server_error',
          });
    if (!res.headersSent) sendError(res, httpError, startedAt);
    else res.destroy();
  }
}

/**
 * Starts a fake OpenAI server on 127.0.0.1 (ephemeral port). Use `baseURL` with the real `openai` client;
 * script replies with `script(...)`; inspect `requests`, `conversations` and `responses`; `close()` when done.
 *
 * @example
 * ```ts
 * const fake = await startFakeOpenAI();
 * const client = new OpenAI({ baseURL: fake.baseURL, apiKey: 'sk-test', maxRetries: 0 });
 * fake.script({ toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] }, { text: '18°C' });
 * const conv = await client.conversations.create();
 * await client.responses.create({ model: 'gpt-4.1', input: 'Weather?', conversation: conv.id });
 * fake.conversations.get(conv.id); // [user message, function_call]
 * await fake.close();
 * ```
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const state = createState(options);
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(state, requests, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const fake: FakeOpenAI = {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get conversations() {
      return state.conversations.items;
    },
    get responses(): ReadonlyMap<string, JsonObject> {
      return new Map([...state.responses].map(([id, stored]) => [id, stored.response]));
    },
    get pendingReplies() {
      return state.script.length;
    },
    get cassetteRemaining() {
      return state.cassette?.remaining ?? 0;
    },
    script(...replies: FakeReply[]) {
      state.script.push(...replies.map(validateReply));
    },
    setResponder(responder) {
      state.responder = responder;
    },
    loadCassette(path: string) {
      const interactions = readCassette(path);
      state.cassette = new CassettePlayer(interactions);
      return interactions;
    },
    reset() {
      requests.length = 0;
      state.script.length = 0;
      state.conversations.clear();
      state.responses.clear();
      state.cassette = null;
      state.responder = options.responder;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
