/**
 * Per-stream accumulators: they look at each streamed event/chunk (cheaply — the hot path does a
 * couple of property reads and no allocation for plain deltas) and, at the end, hand back a result in
 * the shape of the non-streamed object, so the same attribute code serves both.
 */

type Obj = Record<string, unknown>;

/** Observes stream items and produces a result object when the stream ends. */
export interface StreamState {
  /** Looks at one yielded item. Must not throw (callers guard anyway). */
  observe(item: unknown): void;
  /** The result so far, shaped like the non-streamed response. */
  result(): unknown;
  /** Whether the stream delivered its terminal event (Responses) / a finish reason (Chat). */
  complete(): boolean;
}

/** Responses SSE: keeps the latest embedded `response` object; terminal events carry the full one. */
export class ResponsesStreamState implements StreamState {
  private last: unknown = undefined;
  private terminal = false;

  observe(item: unknown): void {
    const ev = item as { type?: unknown; response?: unknown };
    const response = ev.response;
    if (response === undefined || response === null) return;
    this.last = response;
    const t = ev.type;
    if (t === 'response.completed' || t === 'response.incomplete' || t === 'response.failed')
      this.terminal = true;
  }

  result(): unknown {
    return this.last;
  }

  complete(): boolean {
    return this.terminal;
  }
}

interface ChoiceAcc {
  index: number;
  finish_reason: string | null;
  content: string;
  tool_calls: Array<{ id?: string; type: string; function: { name: string; arguments: string } }>;
}

/**
 * Chat Completions chunks: first-seen id/model/fingerprint/tier, usage (final chunk with
 * `include_usage`), finish reason per choice; message text and tool calls only when `content` is on.
 */
export class ChatStreamState implements StreamState {
  private id: unknown = undefined;
  private model: unknown = undefined;
  private systemFingerprint: unknown = undefined;
  private serviceTier: unknown = undefined;
  private usage: unknown = undefined;
  private readonly choices: ChoiceAcc[] = [];
  private readonly content: boolean;

  /** @param content accumulate message text and tool calls (for opt-in output capture). */
  constructor(content: boolean) {
    this.content = content;
  }

  observe(item: unknown): void {
    const chunk = item as Obj;
    if (this.id === undefined) {
      this.id = chunk.id;
      this.model = chunk.model;
    }
    if (chunk.system_fingerprint != null) this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.service_tier != null) this.serviceTier = chunk.service_tier;
    if (chunk.usage != null) this.usage = chunk.usage;
    const choices = chunk.choices;
    if (!Array.isArray(choices)) return;
    for (let i = 0; i < choices.length; i++) {
      const c = choices[i] as Obj;
      const fr = c.finish_reason;
      if (fr == null && !this.content) continue;
      const acc = this.choice(typeof c.index === 'number' ? c.index : i);
      if (typeof fr === 'string') acc.finish_reason = fr;
      if (this.content) this.accumulate(acc, c.delta as Obj | undefined);
    }
  }

  private choice(index: number): ChoiceAcc {
    let acc = this.choices[index];
    if (!acc) {
      acc = { index, finish_reason: null, content: '', tool_calls: [] };
      this.choices[index] = acc;
    }
    return acc;
  }

  private accumulate(acc: ChoiceAcc, delta: Obj | undefined): void {
    if (!delta) return;
    if (typeof delta.content === 'string') acc.content += delta.content;
    const calls = delta.tool_calls;
    if (!Array.isArray(calls)) return;
    for (const raw of calls) {
      const tc = raw as Obj;
      const idx = typeof tc.index === 'number' ? tc.index : acc.tool_calls.length;
      let call = acc.tool_calls[idx];
      if (!call) {
        call = { type: 'function', function: { name: '', arguments: '' } };
        acc.tool_calls[idx] = call;
      }
      if (typeof tc.id === 'string') call.id = tc.id;
      const fn = tc.function as Obj | undefined;
      if (fn) {
        if (typeof fn.name === 'string') call.function.name += fn.name;
        if (typeof fn.arguments === 'string') call.function.arguments += fn.arguments;
      }
    }
  }

  result(): unknown {
    return {
      id: this.id,
      model: this.model,
      system_fingerprint: this.systemFingerprint,
      service_tier: this.serviceTier,
      usage: this.usage,
      choices: this.choices
        .filter((c) => c !== undefined)
        .map((c) => ({
          index: c.index,
          finish_reason: c.finish_reason,
          message: {
            role: 'assistant',
            content: c.content === '' && c.tool_calls.length > 0 ? null : c.content,
            tool_calls: c.tool_calls.length > 0 ? c.tool_calls.filter((t) => t !== undefined) : undefined,
          },
        })),
    };
  }

  complete(): boolean {
    return this.choices.some((c) => c?.finish_reason);
  }
}
