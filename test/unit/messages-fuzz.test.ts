/**
 * parseMessages never throws an untyped error (issue 18, item 4): 10,000+ histories — random ones,
 * and pydantic-ai dumps mutated at random paths (values swapped for random JSON, keys dropped or
 * added, kinds renamed to prototype names) — either load and round-trip, or fail with
 * MessageValidationError. A `TypeError` from a schema looked up on a plain object fails it.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MessageValidationError } from '../../src/errors.ts';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const dumps: Json[][] = ['weather-run.json', 'legacy-no-conversation-id.json'].map(
  (name) =>
    JSON.parse(readFileSync(new URL(`../fixtures/pydantic-ai/${name}`, import.meta.url), 'utf8')) as Json[],
);

const PROTOTYPE_NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];
const KINDS = ['request', 'response', ...PROTOTYPE_NAMES];
const PART_KINDS = [
  'system-prompt',
  'user-prompt',
  'tool-return',
  'retry-prompt',
  'text',
  'tool-call',
  'thinking',
  'builtin-tool-call',
  ...PROTOTYPE_NAMES,
];

/** A key: the fields messages and parts have, prototype names, or anything. */
const key = fc.oneof(
  fc.constantFrom('kind', 'part_kind', 'parts', 'content', 'args', 'usage', 'conversation_id', 'run_id'),
  fc.constantFrom(...PROTOTYPE_NAMES),
  fc.string({ maxLength: 8 }),
);

/** A value to plant: random JSON, or a kind name (so known-kind branches are reached). */
const value: fc.Arbitrary<Json> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(...KINDS, ...PART_KINDS),
);

/** A random message-ish object: right keys, random values. */
const looseMessage: fc.Arbitrary<Json> = fc.record(
  {
    kind: fc.oneof(fc.constantFrom<Json>(...KINDS), value),
    parts: fc.oneof(
      fc.array(
        fc
          .dictionary(key, value, { maxKeys: 5 })
          .chain((d) => fc.constantFrom<Json>(...PART_KINDS).map((k): Json => ({ ...d, part_kind: k }))),
        { maxLength: 4 },
      ),
      value,
    ),
    conversation_id: value,
    usage: value,
  },
  { requiredKeys: ['kind', 'parts'] },
);

type Mutation = { path: number[]; op: 'set' | 'delete' | 'add'; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { maxLength: 4 }),
  op: fc.constantFrom('set' as const, 'delete' as const, 'add' as const),
  key,
  value,
});

/** Applies a mutation to a deep copy: walk `path` (indexes pick a child), then change the node. */
function mutate(dump: Json[], ms: Mutation[]): Json {
  const copy = JSON.parse(JSON.stringify(dump)) as Json;
  for (const m of ms) {
    let node: Json = copy;
    for (const step of m.path) {
      const children: Json[] = Array.isArray(node)
        ? node
        : node && typeof node === 'object'
          ? Object.values(node)
          : [];
      const child = children.length > 0 ? children[step % children.length] : undefined;
      if (child === undefined || child === null || typeof child !== 'object') break;
      node = child;
    }
    if (Array.isArray(node)) {
      if (m.op === 'delete') node.splice(m.path.length % Math.max(node.length, 1), 1);
      else node.push(m.value);
    } else if (node && typeof node === 'object') {
      const keys = Object.keys(node);
      const target = m.op === 'add' || keys.length === 0 ? m.key : keys[m.path.length % keys.length]!;
      // defineProperty: a key named `__proto__` must become an own field, as JSON.parse makes it.
      if (m.op === 'delete') delete node[target];
      else
        Object.defineProperty(node, target, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return copy;
}

const history: fc.Arbitrary<Json> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...dumps), fc.array(mutation, { minLength: 1, maxLength: 4 }))
      .map(([d, ms]) => mutate(d, ms)),
  },
  { weight: 2, arbitrary: fc.array(looseMessage, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.jsonValue() as fc.Arbitrary<Json> },
);

/** What a successful load must serialize to: the input with `conversation_id` filled with null. */
function expectedJson(input: Json): string {
  const messages = input as Array<Record<string, Json>>;
  return JSON.stringify(messages.map((m) => ({ ...m, conversation_id: m.conversation_id ?? null })));
}

function check(input: Json, asString: boolean): 'loaded' | 'rejected' {
  let loaded: ReturnType<typeof parseMessages>;
  try {
    loaded = parseMessages(asString ? JSON.stringify(input) : input);
  } catch (err) {
    if (!(err instanceof MessageValidationError)) throw err;
    expect(err.path).toBeTypeOf('string');
    return 'rejected';
  }
  expect(serializeMessages(loaded)).toBe(expectedJson(input));
  return 'loaded';
}

describe('parseMessages under fuzzing: typed errors only', () => {
  it('prototype-named kinds are unknown kinds like any other: kept, not crashing', () => {
    for (const kind of PROTOTYPE_NAMES) {
      const part = JSON.parse(`{"part_kind": ${JSON.stringify(kind)}, "x": 1}`) as Json;
      const input: Json = [
        { kind: 'request', parts: [part], conversation_id: 'c' },
        { kind: 'response', parts: [part], conversation_id: 'c' },
      ];
      expect(serializeMessages(parseMessages(input))).toBe(JSON.stringify(input));
    }
    // As a message kind it is not a message: a typed error naming the field.
    for (const kind of PROTOTYPE_NAMES) {
      expect(() => parseMessages([{ kind, parts: [] }])).toThrow(MessageValidationError);
    }
  });

  it('a `__proto__` field in a message or part is kept as data', () => {
    const json =
      '[{"kind":"request","parts":[{"part_kind":"user-prompt","content":"hi","__proto__":{"a":1}}],"__proto__":{"b":2},"conversation_id":null}]';
    expect(serializeMessages(parseMessages(json))).toBe(json);
  });

  it('10,000 random and mutated pydantic-ai histories: each loads and round-trips, or is a MessageValidationError', () => {
    let loaded = 0;
    let rejected = 0;
    fc.assert(
      fc.property(history, fc.boolean(), (input, asString) => {
        if (check(input, asString) === 'loaded') loaded++;
        else rejected++;
      }),
      { numRuns: 10_000 },
    );
    // Both outcomes are exercised, so the round-trip branch is really checked.
    expect(loaded).toBeGreaterThan(500);
    expect(rejected).toBeGreaterThan(500);
  });
});
