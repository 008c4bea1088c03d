import type {
  ModelRequest,
  ModelRequestPart,
  ModelResponse,
  ModelResponsePart,
  RequestUsage,
} from './types.ts';

/** Current time as the ISO string messages carry. */
export function nowIso(): string {
  return new Date().toISOString();
}

/** Builds a request message; ids start null and are stamped by the run. */
export function modelRequest(
  parts: ModelRequestPart[],
  init: Partial<Omit<ModelRequest, 'kind'>> = {},
): ModelRequest {
  return {
    parts,
    timestamp: init.timestamp ?? nowIso(),
    instructions: init.instructions ?? null,
    kind: 'request',
    run_id: init.run_id ?? null,
    conversation_id: init.conversation_id ?? null,
    metadata: init.metadata ?? null,
  };
}

/** Empty usage. */
export function emptyUsage(): RequestUsage {
  return { input_tokens: 0, cache_write_tokens: 0, cache_read_tokens: 0, output_tokens: 0, details: {} };
}

/** Builds a response message in pydantic-ai's field order. */
export function modelResponse(
  parts: ModelResponsePart[],
  init: Partial<Omit<ModelResponse, 'kind'>> = {},
): ModelResponse {
  return {
    parts,
    usage: init.usage ?? emptyUsage(),
    model_name: init.model_name ?? null,
    timestamp: init.timestamp ?? nowIso(),
    kind: 'response',
    provider_name: init.provider_name ?? null,
    provider_url: init.provider_url ?? null,
    provider_details: init.provider_details ?? null,
    provider_response_id: init.provider_response_id ?? null,
    finish_reason: init.finish_reason ?? null,
    run_id: init.run_id ?? null,
    conversation_id: init.conversation_id ?? null,
    metadata: init.metadata ?? null,
  };
}

/** Adds two usages field by field. */
export function addUsage(a: RequestUsage, b: RequestUsage | undefined): RequestUsage {
  if (!b) return a;
  const details: Record<string, number> = { ...(a.details ?? {}) };
  for (const [k, v] of Object.entries(b.details ?? {})) details[k] = (details[k] ?? 0) + v;
  return {
    input_tokens: a.input_tokens + (b.input_tokens ?? 0),
    cache_write_tokens: (a.cache_write_tokens ?? 0) + (b.cache_write_tokens ?? 0),
    cache_read_tokens: (a.cache_read_tokens ?? 0) + (b.cache_read_tokens ?? 0),
    output_tokens: a.output_tokens + (b.output_tokens ?? 0),
    details,
  };
}
