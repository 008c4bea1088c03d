/**
 * Span-start attributes of a `responses.create` / `chat.completions.create` request body: everything
 * a sampler may want (operation, provider, model, server) plus the request parameters. Reads the body
 * structurally so every `openai` major (5–7) works; unknown or mistyped fields are skipped.
 */
import type { Attributes } from '@opentelemetry/api';
import { ATTR_SERVER_ADDRESS, ATTR_SERVER_PORT } from '@opentelemetry/semantic-conventions';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_TYPE,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_CHOICE_COUNT,
  ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY,
  ATTR_GEN_AI_REQUEST_MAX_TOKENS,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY,
  ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
  ATTR_GEN_AI_REQUEST_REASONING_LEVEL,
  ATTR_GEN_AI_REQUEST_SEED,
  ATTR_GEN_AI_REQUEST_STOP_SEQUENCES,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_REQUEST_TEMPERATURE,
  ATTR_GEN_AI_REQUEST_TOP_P,
  ATTR_OPENAI_API_TYPE,
  ATTR_OPENAI_CONVERSATION_ID,
  ATTR_OPENAI_REQUEST_SERVICE_TIER,
  GEN_AI_OPERATION,
} from '../../semconv/attributes.ts';
import type { ServerAddress } from './server-address.ts';
import type { OpenAIApiType } from './types.ts';

/** `gen_ai.provider.name` for every span this instrumentation makes. */
export const OPENAI_PROVIDER_NAME = 'openai';

type Body = Record<string, unknown>;

/** The `conv_…` id of a Responses `conversation` parameter (a string or `{ id }`), if any. */
export function conversationIdOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  if (value !== null && typeof value === 'object') {
    const id = (value as { id?: unknown }).id;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

/** The request model, or `undefined` when the body names none. */
export function requestModelOf(body: unknown): string | undefined {
  const model = body !== null && typeof body === 'object' ? (body as Body).model : undefined;
  return typeof model === 'string' && model !== '' ? model : undefined;
}

const spanNames = new Map<string, string>();

/** Span name per GenAI semconv: `chat {gen_ai.request.model}`, or `chat` when no model is known. */
export function spanNameOf(model: string | undefined): string {
  if (!model) return GEN_AI_OPERATION.chat;
  let name = spanNames.get(model);
  if (name === undefined) {
    name = `${GEN_AI_OPERATION.chat} ${model}`;
    if (spanNames.size > 256) spanNames.clear();
    spanNames.set(model, name);
  }
  return name;
}

/**
 * Builds the span-start attributes for one call. `body` is the user's request body (never mutated);
 * `server` comes from the client's `baseURL`.
 */
export function requestAttributes(
  api: OpenAIApiType,
  body: unknown,
  model: string | undefined,
  server: ServerAddress | undefined,
): Attributes {
  const attrs: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.chat,
    [ATTR_GEN_AI_PROVIDER_NAME]: OPENAI_PROVIDER_NAME,
    [ATTR_OPENAI_API_TYPE]: api,
  };
  if (model) attrs[ATTR_GEN_AI_REQUEST_MODEL] = model;
  if (server) {
    attrs[ATTR_SERVER_ADDRESS] = server.address;
    attrs[ATTR_SERVER_PORT] = server.port;
  }
  if (body === null || typeof body !== 'object') return attrs;
  const b = body as Body;
  if (b.stream === true) attrs[ATTR_GEN_AI_REQUEST_STREAM] = true;
  num(attrs, ATTR_GEN_AI_REQUEST_TEMPERATURE, b.temperature);
  num(attrs, ATTR_GEN_AI_REQUEST_TOP_P, b.top_p);
  str(attrs, ATTR_OPENAI_REQUEST_SERVICE_TIER, b.service_tier);
  if (api === 'responses') responsesParams(attrs, b);
  else chatParams(attrs, b);
  return attrs;
}

function responsesParams(attrs: Attributes, b: Body): void {
  num(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, b.max_output_tokens);
  str(attrs, ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID, b.previous_response_id);
  const conv = conversationIdOf(b.conversation);
  if (conv) attrs[ATTR_OPENAI_CONVERSATION_ID] = conv;
  const reasoning = b.reasoning;
  if (reasoning !== null && typeof reasoning === 'object') {
    str(attrs, ATTR_GEN_AI_REQUEST_REASONING_LEVEL, (reasoning as Body).effort);
  }
  const text = b.text;
  if (text !== null && typeof text === 'object') {
    outputType(attrs, (text as Body).format);
  }
}

function chatParams(attrs: Attributes, b: Body): void {
  num(attrs, ATTR_GEN_AI_REQUEST_MAX_TOKENS, b.max_completion_tokens ?? b.max_tokens);
  num(attrs, ATTR_GEN_AI_REQUEST_SEED, b.seed);
  num(attrs, ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY, b.frequency_penalty);
  num(attrs, ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY, b.presence_penalty);
  str(attrs, ATTR_GEN_AI_REQUEST_REASONING_LEVEL, b.reasoning_effort);
  if (typeof b.n === 'number' && b.n !== 1) attrs[ATTR_GEN_AI_REQUEST_CHOICE_COUNT] = b.n;
  const stop = b.stop;
  if (typeof stop === 'string') attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = [stop];
  else if (Array.isArray(stop)) {
    const seqs = stop.filter((s): s is string => typeof s === 'string');
    if (seqs.length > 0) attrs[ATTR_GEN_AI_REQUEST_STOP_SEQUENCES] = seqs;
  }
  outputType(attrs, b.response_format);
}

/** Maps a `text.format` / `response_format` to `gen_ai.output.type` (`text` | `json`). */
function outputType(attrs: Attributes, format: unknown): void {
  if (format === null || typeof format !== 'object') return;
  const type = (format as Body).type;
  if (type === 'text') attrs[ATTR_GEN_AI_OUTPUT_TYPE] = 'text';
  else if (type === 'json_schema' || type === 'json_object') attrs[ATTR_GEN_AI_OUTPUT_TYPE] = 'json';
}

function num(attrs: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) attrs[key] = value;
}

function str(attrs: Attributes, key: string, value: unknown): void {
  if (typeof value === 'string' && value !== '') attrs[key] = value;
}
