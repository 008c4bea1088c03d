import type { z } from 'zod';
import { MessageValidationError } from '../errors.ts';
import { describeForeignMessage, findForeignMessage } from './foreign.ts';
import { messageSchema, requestPartSchemas, responsePartSchemas } from './schema.ts';
import type { ModelMessage } from './types.ts';

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
  return out;
}

function fail(prefix: ReadonlyArray<PropertyKey>, error: z.ZodError): never {
  const issues = error.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message }));
  const first = issues[0] ?? { path: formatPath(prefix), message: 'invalid value' };
  throw new MessageValidationError(first.path, first.message, issues);
}

/**
 * Validates a message history and returns it as {@link ModelMessage}s.
 *
 * Accepts a JSON string (as written by {@link serializeMessages} or by pydantic-ai's
 * `ModelMessagesTypeAdapter.dump_json`) or already-parsed data. Throws {@link MessageValidationError}
 * naming the path of the first bad field (e.g. `[2].parts[0].content`), or saying that the input looks
 * like AI SDK messages. Messages saved before
 * `conversation_id` existed load with `conversation_id: null`. Unknown fields and unknown part kinds
 * are kept, so parse → stringify loses nothing. The input is not mutated.
 */
export function parseMessages(input: unknown): ModelMessage[] {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch (err) {
      throw new MessageValidationError('', `not valid JSON (${(err as Error).message})`);
    }
  }
  if (!Array.isArray(data)) {
    throw new MessageValidationError(
      '',
      `expected an array of messages, got ${data === null ? 'null' : typeof data}`,
    );
  }
  const foreign = findForeignMessage(data);
  if (foreign) throw new MessageValidationError(`[${foreign.index}]`, describeForeignMessage(foreign));
  const out: ModelMessage[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const raw: unknown = data[i];
    const res = messageSchema.safeParse(raw);
    if (!res.success) fail([i], res.error);
    const msg = raw as Record<string, unknown> & { kind: 'request' | 'response'; parts: unknown[] };
    const schemas = msg.kind === 'request' ? requestPartSchemas : responsePartSchemas;
    const parts = msg.parts.map((p, j) => {
      const kind = (p as { part_kind: string }).part_kind;
      const schema = schemas.get(kind);
      if (schema) {
        const pr = schema.safeParse(p);
        if (!pr.success) fail([i, 'parts', j], pr.error);
      }
      return { ...(p as object) };
    });
    out[i] = { ...msg, parts, conversation_id: msg.conversation_id ?? null } as ModelMessage;
  }
  return out;
}

/** Serializes messages to JSON — plain `JSON.stringify`, so the output is pydantic-ai compatible. */
export function serializeMessages(messages: readonly ModelMessage[]): string {
  return JSON.stringify(messages);
}
