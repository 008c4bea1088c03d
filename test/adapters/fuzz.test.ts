import { verifyEvents } from '@ag-ui/client';
import { EventSchema } from '@ag-ui/core/schemas';
import { uiMessageChunkSchema } from 'ai';
import fc from 'fast-check';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handleAgUiRequest } from '../../src/adapters/ag-ui/handler.ts';
import { handleVercelAiChatRequest } from '../../src/adapters/vercel-ai/handler.ts';
import { Agent } from '../../src/agent/agent.ts';
import { tool } from '../../src/agent/tool.ts';
import { TestModel } from '../../src/testing/index.ts';
import { parseSse } from './support/server.ts';

const agent = new Agent({
  name: 'fuzz',
  model: new TestModel(),
  tools: [tool({ name: 'echo', parameters: z.object({ x: z.string() }), execute: ({ x }) => x })],
});

const post = (body: string) => new Request('http://127.0.0.1/', { method: 'POST', body });

/** Checks an error response: 4xx JSON `{ error: { message, field } }`. */
async function expectErrorBody(res: Response): Promise<void> {
  expect([400, 413]).toContain(res.status);
  const body = (await res.json()) as { error: { message: unknown; field: unknown } };
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.field).toBe('string');
}

/** How many fuzzed bodies got a stream and how many an error response. */
type Tally = { streams: number; errors: number };

const text = fc.string({ maxLength: 12 });
/** Mostly `arb`, sometimes any JSON value. */
const maybe = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });
/** Message lists that often end the way a valid turn does. */
const turns = <T, U>(any: fc.Arbitrary<T>, last: fc.Arbitrary<U>) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.tuple(fc.array(any, { maxLength: 3 }), last).map(([xs, x]) => [...xs, x]) },
    { weight: 1, arbitrary: fc.array(any, { maxLength: 4 }) },
  );

const agUiContent = fc.oneof(
  text,
  fc.array(
    fc.oneof(
      fc.record({ type: fc.constant('text'), text }),
      fc.record({
        type: fc.constantFrom('image', 'audio', 'document', 'video'),
        source: fc.record({ type: fc.constantFrom('url', 'data', 'file'), value: text, mimeType: text }),
      }),
      fc.record({ type: text }),
    ),
    { maxLength: 3 },
  ),
);
const agUiUser = fc.record({ id: text, role: fc.constant('user'), content: agUiContent });
const agUiMessage = fc.oneof(
  agUiUser,
  fc.record(
    {
      id: text,
      role: fc.constant('assistant'),
      content: text,
      toolCalls: fc.array(
        fc.record({
          id: text,
          type: fc.constant('function'),
          function: fc.record({
            name: fc.constantFrom('echo', 'nope'),
            arguments: fc.oneof(text, fc.constant('{"x":"1"}')),
          }),
        }),
        { maxLength: 2 },
      ),
    },
    { requiredKeys: ['id', 'role'] },
  ),
  fc.record({ id: text, role: fc.constantFrom('system', 'developer', 'reasoning'), content: text }),
  fc.record(
    { id: text, role: fc.constant('tool'), content: agUiContent, toolCallId: text },
    { requiredKeys: ['id', 'role', 'content', 'toolCallId'] },
  ),
  { weight: 1, arbitrary: fc.record({ id: maybe(text), role: maybe(text), content: maybe(text) }) },
);
const agUiBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        threadId: maybe(text),
        runId: maybe(text),
        messages: turns(agUiMessage, agUiUser),
        tools: fc.constant([]),
        context: fc.constant([]),
      },
      { requiredKeys: ['threadId', 'runId', 'messages'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

async function checkAgUi(res: Response, tally: Tally): Promise<void> {
  tally[res.status === 200 ? 'streams' : 'errors']++;
  if (res.status !== 200) return expectErrorBody(res);
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const events = parseSse(await res.text());
  for (const e of events) expect(EventSchema.safeParse(e).success).toBe(true);
  // The real client's verifier accepts the whole sequence, which ends the run.
  const verified = await lastValueFrom(from(events as never[]).pipe(verifyEvents(), toArray()));
  expect(['RUN_FINISHED', 'RUN_ERROR']).toContain((verified.at(-1) as { type: string }).type);
}

const uiPart = fc.oneof(
  fc.record({ type: fc.constant('text'), text }),
  fc.record({ type: fc.constant('step-start') }),
  fc.record({ type: fc.constant('reasoning'), text }),
  fc.record({
    type: fc.constant('file'),
    mediaType: fc.constantFrom('image/png', 'text/plain'),
    url: fc.oneof(text, fc.constant('data:image/png;base64,AAAA')),
  }),
  fc.record({
    type: fc.constantFrom('tool-echo', 'tool-nope', 'dynamic-tool'),
    toolName: fc.constant('echo'),
    toolCallId: text,
    state: fc.constantFrom('input-available', 'output-available', 'output-error', 'input-streaming'),
    input: fc.oneof(fc.constant({ x: '1' }), fc.jsonValue({ maxDepth: 1 })),
    output: fc.jsonValue({ maxDepth: 1 }),
    errorText: text,
  }),
  { weight: 1, arbitrary: fc.record({ type: maybe(text), text: maybe(text) }) },
);
const uiMessage = fc.record({
  id: maybe(text),
  role: maybe(fc.constantFrom('user', 'assistant', 'system')),
  parts: fc.array(uiPart, { maxLength: 4 }),
});
const uiUser = fc.record({
  id: text,
  role: fc.constant('user'),
  parts: fc.array(fc.record({ type: fc.constant('text'), text }), { minLength: 1, maxLength: 2 }),
});
const chatBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        id: maybe(text),
        messages: turns(uiMessage, uiUser),
        trigger: maybe(fc.constantFrom('submit-message', 'regenerate-message')),
        messageId: text,
      },
      { requiredKeys: ['id', 'messages'] },
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

async function checkChat(res: Response, tally: Tally): Promise<void> {
  tally[res.status === 200 ? 'streams' : 'errors']++;
  if (res.status !== 200) return expectErrorBody(res);
  expect(res.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
  const chunks = parseSse(await res.text());
  expect(chunks.at(-1)).toBe('[DONE]');
  const validate = (await uiMessageChunkSchema().validate)!;
  const body = chunks.slice(0, -1) as Array<{ type: string }>;
  for (const c of body) expect((await validate(c)).success).toBe(true);
  expect(body[0]?.type).toBe('start');
  expect(body.at(-1)?.type).toBe('finish');
}

describe('fuzzed request bodies never crash the handlers', () => {
  it('AG-UI: 400 with a named field, or a stream the AG-UI client verifies', async () => {
    const tally: Tally = { streams: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          agUiBody.map((b) => JSON.stringify(b)),
          { weight: 1, arbitrary: fc.string() },
        ),
        async (body) => {
          await checkAgUi(await handleAgUiRequest(agent, post(body)), tally);
        },
      ),
      { numRuns: 1000 },
    );
    // Both outcomes are well represented, so the property tests streams as well as rejections.
    expect(tally.streams).toBeGreaterThan(100);
    expect(tally.errors).toBeGreaterThan(100);
  });

  it('Vercel AI: 400 with a named field, or a valid UI message stream ending in [DONE]', async () => {
    const tally: Tally = { streams: 0, errors: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          chatBody.map((b) => JSON.stringify(b)),
          { weight: 1, arbitrary: fc.string() },
        ),
        async (body) => {
          await checkChat(await handleVercelAiChatRequest(agent, post(body)), tally);
        },
      ),
      { numRuns: 1000 },
    );
    expect(tally.streams).toBeGreaterThan(100);
    expect(tally.errors).toBeGreaterThan(100);
  });
});
