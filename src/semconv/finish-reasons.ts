/**
 * Provider finish reasons mapped onto the GenAI semconv vocabulary (`stop`, `length`,
 * `content_filter`, `tool_call`, `error`); a reason with no semconv equivalent is kept as the
 * provider's value, which the semconv allows, rather than guessed. One mapping for every path that
 * writes `gen_ai.response.finish_reasons` or an output message's `finish_reason`.
 */

/** A Chat Completions `finish_reason`: `tool_calls` and the legacy `function_call` are `tool_call`. */
export function chatFinishReason(raw: string): string {
  return raw === 'tool_calls' || raw === 'function_call' ? 'tool_call' : raw;
}

/** The fields of a Responses `Response` the finish reason depends on. */
export interface ResponsesFinishInput {
  status?: unknown;
  incomplete_details?: unknown;
  output?: unknown;
}

/**
 * The finish reason of a Responses `Response`: `completed` is `tool_call` when the output holds a
 * `function_call` or `custom_tool_call` (both ask the caller to run a tool), else `stop`;
 * `incomplete` maps `max_output_tokens` to `length` and `content_filter` to itself, keeps any other
 * reason as given, and is `length` when no reason is given; `failed` is `error`; other statuses
 * (`cancelled`, ...) are kept as given. `undefined` when the response has no status.
 */
export function responsesFinishReason(r: ResponsesFinishInput): string | undefined {
  const status = r.status;
  if (status === 'completed') {
    if (Array.isArray(r.output)) {
      for (const item of r.output) {
        const type = (item as { type?: unknown } | null)?.type;
        if (type === 'function_call' || type === 'custom_tool_call') return 'tool_call';
      }
    }
    return 'stop';
  }
  if (status === 'incomplete') {
    const reason = (r.incomplete_details as { reason?: unknown } | null | undefined)?.reason;
    if (reason === 'max_output_tokens') return 'length';
    return typeof reason === 'string' && reason !== '' ? reason : 'length';
  }
  if (status === 'failed') return 'error';
  return typeof status === 'string' && status !== '' ? status : undefined;
}
