/**
 * Observes openai-node `APIPromise`s (v5–v7) without replacing anything on them. The prototype's
 * `parse` and `asResponse` are wrapped once per `APIPromise` class; a wrapper does its extra work only
 * for traced calls, so untraced calls stay as the SDK made them. A traced call's observer sits in one
 * non-enumerable symbol slot on its `responsePromise`; the `APIPromise` objects are not written to.
 *
 * Why not hook each promise: assigning `parseResponse` / `asResponse` on the instance (what this file
 * replaced) made V8 keep far more of every request alive across scavenges — measured ~+45–50 µs CPU per
 * non-streamed Responses call on openai v6, more than the whole span costs (bench/README.md).
 * Why a symbol slot, not a `WeakMap` from promise to observer: an ephemeron entry per short-lived
 * promise measured ~1.7 µs a call (openai v6 Chat, same-process A/B). Why on `responsePromise`: every
 * promise `_thenUnwrap()` derives from the call shares it, so derived promises are covered without
 * wrapping `_thenUnwrap` — which openai v7 makes an own closure of each promise, and re-wrapping that
 * per call cost ~1.1 KiB a call there.
 *
 * What the wrappers see: `parse()` — memoised by the SDK and behind `then` / `catch` / `finally` /
 * `withResponse()` — hands the observer the parsed promise once per `APIPromise`, before the caller's
 * reaction is attached, so a `Stream` is hooked before the caller iterates it; `asResponse()` hands
 * over the raw `Response` promise when nothing was parsed. Once patched, a prototype stays patched
 * (inert for untraced calls): other code may hold references to the wrappers.
 */
import { diag } from '@opentelemetry/api';
import type { ApiPromiseLike } from './types.ts';

/** Receives what one traced call's `APIPromise` (and the promises derived from it) is turned into. */
export interface ApiPromiseObserver {
  /** The caller parsed the result: `parsed` is the SDK's memoised promise (observe it, do not replace it). */
  onParse(parsed: Promise<unknown>): void;
  /** The caller took the raw `Response` without parsing. */
  onRawResponse(raw: Promise<unknown>): void;
}

type Method = (this: ApiPromiseLike, ...args: unknown[]) => unknown;
type Proto = Record<PropertyKey, unknown>;

/**
 * The slot that holds a traced call's observer. It sits on the call's `responsePromise`, which every
 * `APIPromise` derived from the call (`_thenUnwrap()`: the `.parse()` / `.stream()` helpers, and
 * `create` itself in some majors) shares, so derived promises need no registration of their own.
 */
const OBSERVER = Symbol('convtrace.openai.observer');
type Registered = { [OBSERVER]?: ApiPromiseObserver };

/** Reused by every registration, so none allocates a descriptor; `value` is cleared after each use. */
const SLOT: PropertyDescriptor = { value: undefined, writable: true, configurable: true, enumerable: false };

function observerOf(p: ApiPromiseLike): ApiPromiseObserver | undefined {
  return (p.responsePromise as Registered | undefined)?.[OBSERVER];
}

const PATCHED = Symbol.for('convtrace.openai.apiPromisePatched');

/** Whether `value` has the `APIPromise` members the wrappers rely on. */
export function isApiPromiseLike(value: unknown): value is ApiPromiseLike {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Partial<ApiPromiseLike> & { parse?: unknown };
  return (
    typeof p.parse === 'function' &&
    typeof p.asResponse === 'function' &&
    typeof p.responsePromise?.then === 'function'
  );
}

/** The object on `p`'s prototype chain that owns `parse` (the SDK's `APIPromise.prototype`). */
function ownerOfParse(p: object): Proto | undefined {
  for (let o = Object.getPrototypeOf(p) as Proto | null; o !== null; o = Object.getPrototypeOf(o)) {
    if (Object.hasOwn(o, 'parse')) return o;
  }
  return undefined;
}

function patch(proto: Proto): void {
  const parse = proto.parse as Method;
  const asResponse = proto.asResponse as Method;
  // parse() and asResponse() take no arguments in v5–v7: no rest array on this per-await path.
  proto.parse = function parse_(this: ApiPromiseLike) {
    const observer = observerOf(this);
    if (observer === undefined) return parse.call(this);
    const first = this.parsedPromise === undefined;
    const parsed = parse.call(this);
    if (first) {
      try {
        observer.onParse(parsed as Promise<unknown>);
      } catch (err) {
        diag.error('convtrace: openai result observer failed', err);
      }
    }
    return parsed;
  };
  proto.asResponse = function asResponse_(this: ApiPromiseLike) {
    const raw = asResponse.call(this);
    const observer = observerOf(this);
    // withResponse() parses first; only a raw-only read is reported.
    if (observer !== undefined && this.parsedPromise === undefined) {
      try {
        observer.onRawResponse(raw as Promise<unknown>);
      } catch (err) {
        diag.error('convtrace: openai result observer failed', err);
      }
    }
    return raw;
  };
  Object.defineProperty(proto, PATCHED, { value: true });
}

/** Gives `p`'s call its observer (hidden from enumeration, `util.inspect` and spreads). */
function register(p: ApiPromiseLike, observer: ApiPromiseObserver): void {
  SLOT.value = observer;
  Object.defineProperty(p.responsePromise, OBSERVER, SLOT);
  SLOT.value = undefined;
}

/**
 * Registers `p` with `observer`, patching its class on first use. Returns `false` (nothing
 * registered) when `p` is not shaped like an SDK `APIPromise`.
 */
export function observeApiPromise(p: ApiPromiseLike, observer: ApiPromiseObserver): boolean {
  const proto = ownerOfParse(p);
  if (proto === undefined || typeof proto.asResponse !== 'function') return false;
  if (!Object.hasOwn(proto, PATCHED)) patch(proto);
  register(p, observer);
  return true;
}
