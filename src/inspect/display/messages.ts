/**
 * Captured GenAI content (`gen_ai.input.messages`, `gen_ai.output.messages`,
 * `gen_ai.system_instructions`) parsed into a chat transcript. Pure and import-free: the server and the
 * browser page both load this file. Tolerant by design — content is whatever an instrumentation wrote
 * (and may be attacker-controlled); nothing here interprets it as markup.
 */

/** One part of a chat message. */
export interface ChatPart {
  /** `text`, `tool_call`, `tool_call_response`, `reasoning`, or whatever the producer wrote. */
  type: string;
  /** Text content (for text-like parts). */
  content?: string;
  /** Tool name (tool calls). */
  name?: string;
  /** Tool call id. */
  id?: string;
  /** Tool arguments or response, as JSON text. */
  data?: string;
}

/** One chat message. */
export interface ChatMessage {
  /** `system`, `user`, `assistant`, `tool`, ... */
  role: string;
  /** Its parts. */
  parts: ChatPart[];
  /** Output messages: why generation stopped. */
  finishReason?: string;
}

function toText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return '';
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
}

function parsePart(p: unknown): ChatPart {
  if (typeof p === 'string') return { type: 'text', content: p };
  if (typeof p !== 'object' || p === null) return { type: 'text', content: toText(p) };
  const o = p as Record<string, unknown>;
  const type = typeof o.type === 'string' ? o.type : 'text';
  const part: ChatPart = { type };
  if (typeof o.content === 'string') part.content = o.content;
  else if (o.content !== undefined) part.content = toText(o.content);
  if (typeof o.name === 'string') part.name = o.name;
  if (typeof o.id === 'string') part.id = o.id;
  if (o.arguments !== undefined) part.data = toText(o.arguments);
  if (o.response !== undefined) part.data = toText(o.response);
  if (o.result !== undefined && part.data === undefined) part.data = toText(o.result);
  return part;
}

function parseMessage(m: unknown): ChatMessage {
  if (typeof m !== 'object' || m === null) return { role: 'unknown', parts: [parsePart(m)] };
  const o = m as Record<string, unknown>;
  const role = typeof o.role === 'string' ? o.role : 'unknown';
  let parts: ChatPart[];
  if (Array.isArray(o.parts)) parts = o.parts.map(parsePart);
  else if (o.content !== undefined) parts = [{ type: 'text', content: toText(o.content) }];
  else parts = [];
  const msg: ChatMessage = { role, parts };
  if (typeof o.finish_reason === 'string') msg.finishReason = o.finish_reason;
  return msg;
}

/**
 * Decodes a messages-like attribute (a JSON string or an already-decoded value) and hands it to `parse`.
 * An empty value gives no messages; text that is not JSON gives one `role` message holding the raw text.
 */
function parseAttribute(
  value: unknown,
  role: string,
  parse: (decoded: unknown) => ChatMessage[],
): ChatMessage[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') return parse(value);
  let decoded: unknown;
  try {
    decoded = JSON.parse(value);
  } catch {
    return [{ role, parts: [{ type: 'text', content: value }] }];
  }
  return parse(decoded);
}

/**
 * Parses a messages attribute (a JSON string or an already-decoded array) into chat messages.
 * Unparseable text becomes one message of role `unknown` holding the raw text.
 */
export function parseChatMessages(value: unknown): ChatMessage[] {
  return parseAttribute(value, 'unknown', (v) =>
    Array.isArray(v) ? v.map(parseMessage) : [parseMessage(v)],
  );
}

/**
 * Parses `gen_ai.system_instructions` (a JSON array of parts, or plain text) into one `system` message.
 */
export function parseSystemInstructions(value: unknown): ChatMessage[] {
  return parseAttribute(value, 'system', (v) => [
    { role: 'system', parts: Array.isArray(v) ? v.map(parsePart) : [parsePart(v)] },
  ]);
}

/** The text of a message's text parts, joined by newlines. */
export function messageText(m: ChatMessage): string {
  return m.parts
    .filter((p) => p.type === 'text' && p.content !== undefined)
    .map((p) => p.content)
    .join('\n');
}

/** Span event some instrumentations put captured content on instead of attributes. */
export const CONTENT_DETAILS_EVENT = 'gen_ai.client.inference.operation.details';

/**
 * A content attribute (`gen_ai.input.messages`, ...) of a span: its own attribute, else the same key on
 * a `gen_ai.client.inference.operation.details` event. Undefined when neither has it.
 */
export function spanContent(
  attributes: Readonly<Record<string, unknown>>,
  events: ReadonlyArray<{ name: string; attributes: Readonly<Record<string, unknown>> }>,
  key: string,
): unknown {
  if (attributes[key] !== undefined) return attributes[key];
  for (const ev of events)
    if (ev.name === CONTENT_DETAILS_EVENT && ev.attributes[key] !== undefined) return ev.attributes[key];
  return undefined;
}
