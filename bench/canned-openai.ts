/**
 * In-process canned OpenAI answers for benchmarks: a `fetch` that returns a prebuilt Web `Response`
 * (JSON, or SSE in 4 KiB body chunks like a socket would deliver) without any network, so a benchmark
 * measures the SDK plus the instrumentation and nothing else. Shapes follow the recorded wire format
 * (`/work/shared/reference/openai-wire.md` §2.2–2.3, §4).
 */

const encoder = new TextEncoder();
const CHUNK = 4096;

const USAGE = {
  input_tokens: 52,
  input_tokens_details: { cached_tokens: 16 },
  output_tokens: 1000,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 1052,
};

function responseObject(status: 'in_progress' | 'completed', text: string | null): Record<string, unknown> {
  return {
    id: 'resp_0b7e5c1a9d3f2e4b0068a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5',
    object: 'response',
    created_at: 1777431483,
    status,
    background: false,
    error: null,
    incomplete_details: null,
    instructions: 'Answer briefly.',
    max_output_tokens: null,
    model: 'gpt-4.1-2025-04-14',
    output:
      text === null
        ? []
        : [
            {
              id: 'msg_0b7e5c1a9d3f2e4b0068a1c2d4a1b2c3d4e5f6a7b8c9d0e1f2',
              type: 'message',
              status: 'completed',
              role: 'assistant',
              content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
            },
          ],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    store: true,
    temperature: 1.0,
    text: { format: { type: 'text' }, verbosity: 'medium' },
    tool_choice: 'auto',
    tools: [],
    top_p: 1.0,
    truncation: 'disabled',
    usage: status === 'completed' ? USAGE : null,
    user: null,
    metadata: {},
  };
}

function sse(events: Array<Record<string, unknown>>, named: boolean): Uint8Array {
  let out = '';
  for (const ev of events) {
    if (named) out += `event: ${String(ev.type)}\n`;
    out += `data: ${JSON.stringify(ev)}\n\n`;
  }
  if (!named) out += 'data: [DONE]\n\n';
  return encoder.encode(out);
}

/** A Responses SSE body with `deltas` `response.output_text.delta` events, framed like the live API. */
export function responsesStreamBody(deltas: number): Uint8Array {
  const words = Array.from({ length: deltas }, (_, i) => `w${i} `);
  const item = 'msg_0b7e5c1a9d3f2e4b0068a1c2d4a1b2c3d4e5f6a7b8c9d0e1f2';
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: responseObject('in_progress', null) },
    { type: 'response.in_progress', response: responseObject('in_progress', null) },
    {
      type: 'response.output_item.added',
      output_index: 0,
      item: { id: item, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
    },
    {
      type: 'response.content_part.added',
      item_id: item,
      output_index: 0,
      content_index: 0,
      part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
    },
    ...words.map((delta) => ({
      type: 'response.output_text.delta',
      item_id: item,
      output_index: 0,
      content_index: 0,
      delta,
      logprobs: [],
      obfuscation: 'k2Pq9',
    })),
    {
      type: 'response.output_text.done',
      item_id: item,
      output_index: 0,
      content_index: 0,
      text: words.join(''),
    },
    { type: 'response.completed', response: responseObject('completed', words.join('')) },
  ];
  return sse(
    events.map((e, i) => ({ ...e, sequence_number: i })),
    true,
  );
}

/** A non-streamed Responses JSON body. */
export function responsesJsonBody(): Uint8Array {
  return encoder.encode(JSON.stringify(responseObject('completed', 'It is 18°C in Paris.')));
}

/** A Chat Completions SSE body with `deltas` content chunks, a finish chunk, a usage chunk and `[DONE]`. */
export function chatStreamBody(deltas: number): Uint8Array {
  const base = {
    id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
    object: 'chat.completion.chunk',
    created: 1770933892,
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    ...base,
    model: 'gpt-4.1-mini-2025-04-14',
    system_fingerprint: 'fp_de604bd877',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
    obfuscation: 'Zx8',
  });
  const events = [
    chunk({ role: 'assistant', content: '', refusal: null }, null),
    ...Array.from({ length: deltas }, (_, i) => chunk({ content: `w${i} ` }, null)),
    chunk({}, 'stop'),
    {
      ...base,
      model: 'gpt-4.1-mini-2025-04-14',
      choices: [],
      usage: { prompt_tokens: 24, completion_tokens: deltas, total_tokens: 24 + deltas },
    },
  ];
  return sse(events, false);
}

/** A non-streamed Chat Completions JSON body. */
export function chatJsonBody(): Uint8Array {
  return encoder.encode(
    JSON.stringify({
      id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
      object: 'chat.completion',
      created: 1770933892,
      model: 'gpt-4.1-mini-2025-04-14',
      service_tier: 'default',
      system_fingerprint: 'fp_de604bd877',
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          logprobs: null,
          message: { role: 'assistant', content: '18°C and sunny.', refusal: null, annotations: [] },
        },
      ],
      usage: {
        prompt_tokens: 24,
        completion_tokens: 7,
        total_tokens: 31,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0 },
      },
    }),
  );
}

function body(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(offset, offset + CHUNK));
      offset += CHUNK;
    },
  });
}

/** Canned bodies for one benchmark scenario. */
export interface CannedBodies {
  json: Uint8Array;
  sse: Uint8Array;
}

/**
 * A `fetch` for `new OpenAI({ fetch })` answering every request with `bodies.sse` when the request body
 * asks for `stream: true`, else with `bodies.json`.
 */
export function cannedFetch(
  bodies: CannedBodies,
): (url: string | URL | Request, init?: RequestInit) => Promise<Response> {
  return async (_url, init) => {
    const streaming = typeof init?.body === 'string' && init.body.includes('"stream":true');
    const headers = {
      'content-type': streaming ? 'text/event-stream; charset=utf-8' : 'application/json',
      'x-request-id': 'req_0123456789abcdef0123456789abcdef',
      'openai-processing-ms': '12',
    };
    return new Response(body(streaming ? bodies.sse : bodies.json), { status: 200, headers });
  };
}
