/**
 * The run's ids always travel (issue 18, item 5): the W3C baggage propagator forwards only the first
 * 180 entries and 8192 bytes, so withRunBaggage puts the run's three ids first, whatever the
 * incoming baggage holds. Checked with the real W3CBaggagePropagator's inject.
 */
import { type Context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { describe, expect, it } from 'vitest';
import { withRunBaggage } from '../../src/conversation/baggage.ts';

const ids = { agentName: 'support', runId: 'run-0193', conversationId: 'conv-7' };

function incoming(entries: Array<[string, string]>): Context {
  let baggage = propagation.createBaggage();
  for (const [k, v] of entries) baggage = baggage.setEntry(k, { value: v });
  return propagation.setBaggage(ROOT_CONTEXT, baggage);
}

/** The outgoing `baggage` header, as parsed `key → value`. */
function outgoing(ctx: Context): Map<string, string> {
  const carrier: Record<string, string> = {};
  new W3CBaggagePropagator().inject(ctx, carrier, {
    set: (c, k, v) => {
      c[k] = v;
    },
  });
  const header = carrier.baggage ?? '';
  return new Map(
    header
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const i = pair.indexOf('=');
        return [decodeURIComponent(pair.slice(0, i).trim()), decodeURIComponent(pair.slice(i + 1).trim())];
      }),
  );
}

const expectIds = (header: Map<string, string>) => {
  expect(header.get('gen_ai.agent.name')).toBe('support');
  expect(header.get('gen_ai.agent.call.id')).toBe('run-0193');
  expect(header.get('gen_ai.conversation.id')).toBe('conv-7');
};

describe('withRunBaggage: the run ids survive the W3C limits', () => {
  it('200 foreign entries incoming (past the 180-entry cap): the header still carries the three ids', () => {
    const foreign = Array.from({ length: 200 }, (_, i) => [`k${i}`, `v${i}`] as [string, string]);
    const before = outgoing(incoming(foreign));
    expect(before.size).toBe(180); // the cap this test is about really applies

    const header = outgoing(withRunBaggage(incoming(foreign), ids));
    expectIds(header);
    expect(header.size).toBe(180);
    // Foreign entries still ride, in their own order, after ours.
    expect(header.get('k0')).toBe('v0');
    expect(header.has('k199')).toBe(false);
  });

  it('foreign entries filling the 8192-byte cap: the ids still travel', () => {
    const foreign = Array.from({ length: 40 }, (_, i) => [`big${i}`, 'x'.repeat(400)] as [string, string]);
    const header = outgoing(withRunBaggage(incoming(foreign), ids));
    expectIds(header);
    expect(header.has('big39')).toBe(false); // the byte cap cut the tail
  });

  it('a stale id of ours deep in the incoming baggage is replaced, and moved first', () => {
    const foreign = Array.from({ length: 200 }, (_, i) => [`k${i}`, `v${i}`] as [string, string]);
    foreign.splice(190, 0, ['gen_ai.conversation.id', 'stale'], ['gen_ai.agent.call.id', 'stale-run']);
    const header = outgoing(withRunBaggage(incoming(foreign), ids));
    expectIds(header);
  });

  it('numeric and prototype-named foreign keys neither jump ahead of the ids nor break the rebuild', () => {
    const foreign: Array<[string, string]> = [
      ...Array.from({ length: 190 }, (_, i) => [String(i), `n${i}`] as [string, string]),
      ['__proto__', 'p'],
      ['toString', 't'],
    ];
    const ctx = withRunBaggage(incoming(foreign), ids);
    expectIds(outgoing(ctx));
    const entries = propagation.getBaggage(ctx)!.getAllEntries();
    expect(entries.slice(0, 3).map(([k]) => k)).toEqual([
      'gen_ai.agent.name',
      'gen_ai.agent.call.id',
      'gen_ai.conversation.id',
    ]);
    expect(entries).toHaveLength(195);
    expect(propagation.getBaggage(ctx)!.getEntry('__proto__')?.value).toBe('p');
    expect(propagation.getBaggage(ctx)!.getEntry('7')?.value).toBe('n7');
  });
});
