import { isIP } from 'node:net';
import {
  type Attributes,
  type Baggage,
  type Context,
  diag,
  propagation,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { W3CBaggagePropagator } from '@opentelemetry/core';
import { InvalidArgumentError } from '../errors.ts';

/**
 * Where the run's baggage may go and where it may come from. Baggage rides in the headers of every
 * instrumented outgoing request, so by default it is sent only to internal hosts — loopback and
 * private addresses, `localhost`, single-label names and internal suffixes (`.local`, `.internal`,
 * `.svc`, `.cluster.local`, `.lan`, `.home.arpa`) — never to a third-party API such as an LLM
 * provider.
 */
export interface BaggagePolicy {
  /** Hosts (`host`, `host:port`, `*.suffix`) that get baggage besides the internal ones. */
  allowHosts?: readonly string[];
  /** Hosts that never get baggage, internal or not (checked first). */
  denyHosts?: readonly string[];
  /** Send to internal hosts without listing them. Default true. */
  allowInternal?: boolean;
  /**
   * Inbound baggage: `accept` (default) copies the run ids from any caller onto spans; `drop`
   * ignores inbound baggage; `{ peers }` accepts it only from these peer addresses (as the HTTP
   * server span records them, e.g. `10.0.0.7`).
   */
  incoming?: 'accept' | 'drop' | { peers: readonly string[] };
}

const INTERNAL_SUFFIXES = [
  '.local',
  '.internal',
  '.localhost',
  '.svc',
  '.cluster.local',
  '.lan',
  '.home.arpa',
];

/** Whether `host` (a name or IP literal, no port) is internal by address or by name. */
export function isInternalHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  const family = isIP(h);
  if (family === 4) {
    const [a, b] = h.split('.').map(Number) as [number, number];
    return (
      a === 127 ||
      a === 10 ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 169 && b === 254)
    );
  }
  if (family === 6) {
    if (h === '::1') return true;
    if (h.startsWith('::ffff:')) return isInternalHost(h.slice(7));
    return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h);
  }
  if (h === 'localhost' || !h.includes('.')) return true;
  return INTERNAL_SUFFIXES.some((s) => h.endsWith(s));
}

function matches(list: readonly string[] | undefined, host: string, port: string | undefined): boolean {
  if (!list) return false;
  const withPort = port ? `${host}:${port}` : host;
  for (const raw of list) {
    const entry = raw.trim().toLowerCase();
    if (entry === host || entry === withPort) return true;
    if (entry.startsWith('*.') && host.endsWith(entry.slice(1))) return true;
  }
  return false;
}

/** The destination of an outgoing request, from the attributes its client span got at start. */
function destinationOf(
  attributes: Attributes | undefined,
): { host: string; port: string | undefined } | undefined {
  if (!attributes) return undefined;
  const address = attributes['server.address'] ?? attributes['net.peer.name'];
  const port = attributes['server.port'] ?? attributes['net.peer.port'];
  if (typeof address === 'string' && address) {
    return { host: address.toLowerCase(), port: port === undefined ? undefined : String(port) };
  }
  const url = attributes['url.full'] ?? attributes['http.url'];
  if (typeof url !== 'string') return undefined;
  try {
    const u = new URL(url);
    return { host: u.hostname.toLowerCase().replace(/^\[|\]$/g, ''), port: u.port || undefined };
  } catch {
    return undefined;
  }
}

/** Whether the policy lets baggage go to `host` (`port` optional). */
export function baggageAllowedTo(policy: BaggagePolicy, host: string, port?: string): boolean {
  const h = host.toLowerCase();
  if (matches(policy.denyHosts, h, port)) return false;
  if (matches(policy.allowHosts, h, port)) return true;
  return (policy.allowInternal ?? true) && isInternalHost(h);
}

/** Inbound baggage objects a server span rejected by peer: the processor copies nothing from them. */
const rejected = new WeakSet<Baggage>();

/** Marks `baggage` as rejected (its ids must not reach spans). */
export function rejectBaggage(baggage: Baggage): void {
  rejected.add(baggage);
}

/** Whether `baggage` was rejected by the inbound policy. */
export function isRejectedBaggage(baggage: Baggage): boolean {
  return rejected.has(baggage);
}

/** For a server span with a remote parent: whether its caller's baggage is accepted. */
export function acceptsInbound(policy: BaggagePolicy, attributes: Attributes | undefined): boolean {
  const incoming = policy.incoming ?? 'accept';
  if (incoming === 'accept') return true;
  if (incoming === 'drop') return false;
  const peer =
    attributes?.['network.peer.address'] ?? attributes?.['net.peer.ip'] ?? attributes?.['client.address'];
  return typeof peer === 'string' && incoming.peers.includes(peer.replace(/^::ffff:/, ''));
}

/**
 * The W3C baggage propagator with a {@link BaggagePolicy}: `inject` writes the header only when the
 * outgoing request's client span names an allowed destination (unknown destination: withheld), and
 * never writes baggage an inbound policy rejected; `extract` drops inbound baggage under
 * `incoming: 'drop'`. Withheld injections are counted ({@link withheld}) and each new host is
 * reported once through `diag`.
 */
export class BaggagePolicyPropagator implements TextMapPropagator {
  private readonly inner = new W3CBaggagePropagator();
  private readonly policy: BaggagePolicy;
  private readonly reported = new Set<string>();
  private withheldCount = 0;

  constructor(policy: BaggagePolicy = {}) {
    this.policy = policy;
  }

  /** Outgoing requests whose baggage was withheld by the policy. */
  get withheld(): number {
    return this.withheldCount;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const baggage = propagation.getBaggage(context);
    if (!baggage || baggage.getAllEntries().length === 0) return;
    const span = trace.getSpan(context) as { attributes?: Attributes } | undefined;
    const to = destinationOf(span?.attributes);
    const refused = isRejectedBaggage(baggage)
      ? 'a caller the inbound policy rejected'
      : !to
        ? 'an unknown destination'
        : baggageAllowedTo(this.policy, to.host, to.port)
          ? undefined
          : to.host;
    if (refused === undefined) this.inner.inject(context, carrier, setter);
    else this.withhold(refused);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (this.policy.incoming === 'drop') return context;
    return this.inner.extract(context, carrier, getter);
  }

  fields(): string[] {
    return this.inner.fields();
  }

  private withhold(where: string): void {
    this.withheldCount++;
    if (this.reported.has(where) || this.reported.size > 100) return;
    this.reported.add(where);
    diag.info(`convtrace: baggage withheld from ${where} (baggage policy; allow it with allowHosts)`);
  }
}

const list = (v: string | undefined) =>
  v
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** `policy` over the `CONVTRACE_BAGGAGE_*` environment (what is not set in `policy` comes from it). */
export function resolveBaggagePolicy(policy: BaggagePolicy = {}): BaggagePolicy {
  return { ...baggagePolicyFromEnv(), ...policy };
}

/**
 * The policy from `CONVTRACE_BAGGAGE_ALLOW_HOSTS` / `CONVTRACE_BAGGAGE_DENY_HOSTS` (comma lists),
 * `CONVTRACE_BAGGAGE_INTERNAL=false`, `CONVTRACE_BAGGAGE_INCOMING` (`accept` | `drop` | `peers`)
 * and `CONVTRACE_BAGGAGE_INCOMING_PEERS`. A bad value is an {@link InvalidArgumentError} naming it.
 */
export function baggagePolicyFromEnv(env: NodeJS.ProcessEnv = process.env): BaggagePolicy {
  const incoming = env.CONVTRACE_BAGGAGE_INCOMING?.trim().toLowerCase() || 'accept';
  if (incoming !== 'accept' && incoming !== 'drop' && incoming !== 'peers')
    throw new InvalidArgumentError(
      'CONVTRACE_BAGGAGE_INCOMING',
      `expected accept, drop or peers, got '${incoming}'`,
    );
  const internal = env.CONVTRACE_BAGGAGE_INTERNAL?.trim().toLowerCase();
  return {
    allowHosts: list(env.CONVTRACE_BAGGAGE_ALLOW_HOSTS) ?? [],
    denyHosts: list(env.CONVTRACE_BAGGAGE_DENY_HOSTS) ?? [],
    allowInternal: internal !== 'false',
    incoming: incoming === 'peers' ? { peers: list(env.CONVTRACE_BAGGAGE_INCOMING_PEERS) ?? [] } : incoming,
  };
}
