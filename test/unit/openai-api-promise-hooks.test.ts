/**
 * `observeApiPromise` on a minimal APIPromise-shaped class (the real SDKs are covered in
 * test/integration/openai-instrumentation.test.ts): untraced promises of a patched class are
 * unaffected, each registered promise reports its parse once, raw reads are reported only without a
 * parse, and derived promises — through the prototype's `_thenUnwrap` or an own per-promise closure —
 * report to the same observer.
 */
import { describe, expect, it } from 'vitest';
import {
  type ApiPromiseObserver,
  observeApiPromise,
} from '../../src/instrumentation/openai/api-promise-hooks.ts';

interface Props {
  response: { status: number; headers: { get(name: string): string | null } };
}
type Parser = (client: unknown, props: Props) => Promise<unknown>;

function classes() {
  class FakeAPIPromise extends Promise<unknown> {
    responsePromise: Promise<Props>;
    parseResponse: Parser;
    parsedPromise?: Promise<unknown>;
    constructor(responsePromise: Promise<Props>, parseResponse: Parser) {
      super((resolve) => resolve(null));
      this.responsePromise = responsePromise;
      this.parseResponse = parseResponse;
    }
    static override get [Symbol.species]() {
      return Promise;
    }
    _thenUnwrap(transform: (v: unknown) => unknown): FakeAPIPromise {
      return new FakeAPIPromise(this.responsePromise, async (c, p) =>
        transform(await this.parseResponse(c, p)),
      );
    }
    asResponse(): Promise<unknown> {
      return this.responsePromise.then((p) => p.response);
    }
    parse(): Promise<unknown> {
      if (!this.parsedPromise)
        this.parsedPromise = this.responsePromise.then((p) => this.parseResponse(null, p));
      return this.parsedPromise;
    }
    // biome-ignore lint/suspicious/noThenProperty: mirrors the SDK's APIPromise, whose then() parses lazily.
    override then<A = unknown, B = never>(
      ok?: ((v: unknown) => A | PromiseLike<A>) | null,
      err?: ((e: unknown) => B | PromiseLike<B>) | null,
    ): Promise<A | B> {
      return this.parse().then(ok, err);
    }
  }
  /** A build whose promises carry their own `_thenUnwrap` closure. */
  class OwnUnwrapPromise extends FakeAPIPromise {
    constructor(responsePromise: Promise<Props>, parseResponse: Parser) {
      super(responsePromise, parseResponse);
      Object.defineProperty(this, '_thenUnwrap', {
        writable: true,
        configurable: true,
        enumerable: true,
        value: (transform: (v: unknown) => unknown) =>
          new OwnUnwrapPromise(this.responsePromise, async (c, p) =>
            transform(await this.parseResponse(c, p)),
          ),
      });
    }
  }
  return { FakeAPIPromise, OwnUnwrapPromise };
}

const props: Props = { response: { status: 200, headers: { get: () => null } } };
const parser: Parser = async () => ({ id: 'resp_1' });

function recorder(): ApiPromiseObserver & { parsed: unknown[]; raw: number } {
  const rec = {
    parsed: [] as unknown[],
    raw: 0,
    onParse(p: Promise<unknown>) {
      p.then((v) => rec.parsed.push(v));
    },
    onRawResponse() {
      rec.raw++;
    },
  };
  return rec;
}

describe('observeApiPromise', () => {
  it('reports a parse once, before the caller sees the value, and leaves untraced promises alone', async () => {
    const { FakeAPIPromise } = classes();
    const traced = new FakeAPIPromise(Promise.resolve(props), parser);
    const rec = recorder();
    expect(observeApiPromise(traced as never, rec)).toBe(true);
    const seenByCaller = await traced.then((v) => [...rec.parsed, v]);
    expect(seenByCaller).toEqual([{ id: 'resp_1' }, { id: 'resp_1' }]);
    await traced;
    await traced.parse();
    expect(rec.parsed).toHaveLength(1);

    const untraced = new FakeAPIPromise(Promise.resolve(props), parser);
    expect(await untraced).toEqual({ id: 'resp_1' });
    expect(rec.parsed).toHaveLength(1);
    expect(Object.keys(untraced)).toEqual(['responsePromise', 'parseResponse', 'parsedPromise']);
    expect(Object.keys(traced)).toEqual(Object.keys(untraced));
  });

  it('reports a raw read only when nothing was parsed', async () => {
    const { FakeAPIPromise } = classes();
    const rec = recorder();
    const raw = new FakeAPIPromise(Promise.resolve(props), parser);
    observeApiPromise(raw as never, rec);
    await raw.asResponse();
    expect(rec.raw).toBe(1);
    const both = new FakeAPIPromise(Promise.resolve(props), parser);
    observeApiPromise(both as never, rec);
    await both.parse();
    await both.asResponse();
    expect(rec.raw).toBe(1);
    expect(rec.parsed).toHaveLength(1);
  });

  it.each(['prototype', 'own closure'])('follows promises derived with _thenUnwrap (%s)', async (kind) => {
    const { FakeAPIPromise, OwnUnwrapPromise } = classes();
    const Ctor = kind === 'prototype' ? FakeAPIPromise : OwnUnwrapPromise;
    const rec = recorder();
    const p = new Ctor(Promise.resolve(props), parser);
    observeApiPromise(p as never, rec);
    const derived = p._thenUnwrap((v) => ({ ...(v as object), parsed: true }));
    const twice = derived._thenUnwrap((v) => ({ ...(v as object), again: true }));
    expect(await twice).toEqual({ id: 'resp_1', parsed: true, again: true });
    expect(rec.parsed).toEqual([{ id: 'resp_1', parsed: true, again: true }]);
  });

  it('refuses objects that are not shaped like an APIPromise', () => {
    const rec = recorder();
    const notOne = Object.assign(Promise.resolve(1), { responsePromise: Promise.resolve(props) });
    expect(observeApiPromise(notOne as never, rec)).toBe(false);
  });

  it('an observer that throws is reported, never thrown into the caller', async () => {
    const { FakeAPIPromise } = classes();
    const p = new FakeAPIPromise(Promise.resolve(props), parser);
    observeApiPromise(p as never, {
      onParse() {
        throw new Error('observer bug');
      },
      onRawResponse() {
        throw new Error('observer bug');
      },
    });
    expect(await p).toEqual({ id: 'resp_1' });
    expect(await p.asResponse()).toBe(props.response);
  });
});
