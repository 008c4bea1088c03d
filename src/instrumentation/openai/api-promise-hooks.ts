/**
 * Observes openai-node `APIPromise`s (v5–v7) without replacing anything on them. The prototype's
 * `parse`, `asResponse` and `_thenUnwrap` are wrapped once per `APIPromise` class; a wrapper does its
 * extra work only for promises registered here, so untraced calls stay as the SDK made them. A
 * registered promise carries its observer in one non-enumerable symbol slot; its own properties (the
 * SDK's state) are untouched.
 *
 * Why not hook each promise: assigning `parseResponse` / `asResponse` on the instance (what this file
 * replaced) made V8 keep far more of every request alive across scavenges — measured ~+45–50 µs CPU per
 * non-streamed Responses call on openai v6, more than the whole span costs (bench/README.md).
 * Why a symbol slot, not a `WeakMap` from promise to observer: an ephemeron entry per short-lived
 * promise measured ~1.7 µs a call (openai v6 Chat, same process A/B), the slot ~0.1 µs. Why on the
 * `APIPromise`, not on the `responsePromise` its derived promises share (which would spare wrapping
 * `_thenUnwrap`): a property on the SDK's native promise measured +0.5–0.8 µs a call (separate-process
 * A/B, v6 Chat / Responses, v7 Chat), more than standing in for v7's per-promise `_thenUnwrap` costs.
 *
 * What the wrappers see: `parse()` — memoised by the SDK and behind `then` / `catch` / `finally` /
 * `withResponse()` — hands the observer the parsed promise once, before the caller's reaction is
 * attached, so a `Stream` is hooked before the caller iterates it; `asResponse()` hands over the raw
 * `Response` promise when nothing was parsed; `_thenUnwrap()` (used by `.parse()` and `create` itself
 * in some majors) registers the derived promise with the same observer. Once patched, a prototype stays
 * patched (inert without registrations): other code may hold references to the wrappers.
 */
import { diag } from '@opentelemetry/api';
import type { ApiPromiseLike } from './types.ts';

/** Receives what one registered `APIPromise` (and the promises derived from it) is turned into. */
export interface ApiPromiseObserver {
  /** The caller parsed the result: `parsed` is the SDK's memoised promise (observe it, do not replace it). */
  onParse(parsed: Promise<unknown>): void;
  /** The caller took the raw `Response` without parsing. */
  onRawResponse(raw: Promise<unknown>): void;
}

type Method = (this: ApiPromiseLike, ...args: unknown[]) => unknown;
type Proto = Record<PropertyKey, unknown>;

/** The slot on a registered promise that holds its observer (module comment: why not a WeakMap). */
const OBSERVER = Symbol('convtrace.openai.observer');
type Registered = { [OBSERVER]?: ApiPromiseObserver };

/** Reused by every hidden slot, so none allocates a descriptor; `value` is cleared after each use. */
const SLOT: PropertyDescriptor = { value: undefined, writable: true, configurable: true, enumerable: false };

function observerOf(p: object): ApiPromiseObserver | undefined {
  return (p as Registered)[OBSERVER];
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
  const thenUnwrap = proto._thenUnwrap as Method | undefined;
  // parse() and asResponse() take no arguments in v5–v7, _thenUnwrap() one: no rest array on these
  // per-call paths.
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
  if (typeof thenUnwrap === 'function') {
    proto._thenUnwrap = function _thenUnwrap(this: ApiPromiseLike, transform: unknown) {
      const next = thenUnwrap.call(this, transform);
      const observer = observerOf(this);
      if (observer !== undefined) register(next, observer);
      return next;
    };
  }
  Object.defineProperty(proto, PATCHED, { value: true });
}

/**
 * Gives `p` its observer (hidden from enumeration, `util.inspect` and spreads). A major that gives each
 * promise its own `_thenUnwrap` closure (v7) bypasses the prototype: that one moves to a hidden slot and
 * one shared function takes its place, so registering allocates no closure (measured 0.45 KiB a call
 * on v7 Chat, a closure per call kept alive with the request).
 */
function register(p: unknown, observer: ApiPromiseObserver): void {
  if (p === null || typeof p !== 'object') return;
  setHidden(p, OBSERVER, observer);
  const own = Object.hasOwn(p, '_thenUnwrap') ? (p as ApiPromiseLike)._thenUnwrap : undefined;
  if (typeof own === 'function' && own !== ownThenUnwrap) {
    setHidden(p, OWN_THEN_UNWRAP, own);
    (p as ApiPromiseLike)._thenUnwrap = ownThenUnwrap;
  }
}

/** The slot that keeps a v7 promise's own `_thenUnwrap` while {@link ownThenUnwrap} stands in for it. */
const OWN_THEN_UNWRAP = Symbol('convtrace.openai.ownThenUnwrap');
type WithOwn = Registered & { [OWN_THEN_UNWRAP]: Method };

function ownThenUnwrap(this: ApiPromiseLike & WithOwn, transform: unknown): unknown {
  const next = this[OWN_THEN_UNWRAP].call(this, transform);
  const observer = observerOf(this);
  if (observer !== undefined) register(next, observer);
  return next;
}

function setHidden(p: object, key: symbol, value: unknown): void {
  SLOT.value = value;
  Object.defineProperty(p, key, SLOT);
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
