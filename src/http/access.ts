import { createHash, timingSafeEqual } from 'node:crypto';
import { ConvtraceError } from '../errors.ts';

/**
 * Who may talk to a server convtrace runs (the inspector page and its OTLP receiver) — the one home of
 * the Host, Origin and access-token checks. A loopback-bound server answers only loopback `Host`
 * headers (421 otherwise: DNS rebinding cannot reach it); a browser `Origin` other than the server's
 * own (or a sibling port's, e.g. the page for its receiver) gets 403; with a token, requests without
 * it get 401. Serving beyond loopback needs a token.
 */
export interface AccessOptions {
  /** The bind address. */
  host: string;
  /** Access token: `Authorization: Bearer <token>` (and, with `cookie`, the `convtrace_token` cookie or a `?token=` query). */
  token?: string | undefined;
  /** Ports of the same host whose pages may call this server (their `Origin` is accepted). Read on each request. */
  siblingPorts?: readonly number[];
  /** Accept the token from the cookie and query too (a page opened in a browser). */
  cookie?: boolean;
}

/** A request refused by {@link checkAccess}: the status and a one-line reason. */
export interface AccessDenied {
  status: 401 | 403 | 421;
  message: string;
}

/** Name of the cookie that carries the token for a browser page. */
export const TOKEN_COOKIE = 'convtrace_token';

/** The server is asked to listen beyond loopback without an access token. */
export class AccessTokenRequiredError extends ConvtraceError {
  /** The bind address. */
  readonly host: string;

  constructor(host: string) {
    super(
      `serving on ${host} (beyond loopback) needs an access token: pass --token <token> or set CONVTRACE_INSPECTOR_TOKEN`,
    );
    this.host = host;
  }
}

/** Whether `host` (a bind address or a Host header's name) is the loopback interface. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** Throws {@link AccessTokenRequiredError} when binding `host` beyond loopback without a token. */
export function requireTokenBeyondLoopback(host: string, token: string | undefined): void {
  if (!isLoopbackHost(host) && !token) throw new AccessTokenRequiredError(host);
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

function sameToken(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digest(given), digest(token));
}

/** The token a request carries: bearer header, else (for a page) cookie or `?token=`. */
function tokenOf(request: Request, cookie: boolean): string | undefined {
  const auth = /^Bearer\s+(.+)$/i.exec(request.headers.get('authorization') ?? '');
  if (auth) return auth[1]!.trim();
  if (!cookie) return undefined;
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return decodeURIComponent(value.join('='));
  }
  return new URL(request.url).searchParams.get('token') ?? undefined;
}

/** `name:port` of a Host header or origin, port defaulted to 80. */
function hostPort(value: string): { name: string; port: number } | undefined {
  try {
    const u = new URL(value.includes('://') ? value : `http://${value}`);
    return { name: u.hostname.toLowerCase(), port: Number(u.port || 80) };
  } catch {
    return undefined;
  }
}

/** Checks Host, Origin and token (in that order); undefined when the request may proceed. */
export function checkAccess(request: Request, options: AccessOptions): AccessDenied | undefined {
  // A Request built in code has no Host header: its URL names the host.
  const host = hostPort(request.headers.get('host') ?? new URL(request.url).host);
  if (isLoopbackHost(options.host) && !(host && isLoopbackHost(host.name)))
    return { status: 421, message: 'misdirected request: this server answers loopback Host names only' };
  const origin = request.headers.get('origin');
  if (origin !== null) {
    const o = hostPort(origin);
    const own =
      o !== undefined &&
      host !== undefined &&
      origin.startsWith('http://') &&
      o.name === host.name &&
      (o.port === host.port || (options.siblingPorts ?? []).includes(o.port));
    if (!own) return { status: 403, message: `requests from origin ${origin} are not allowed` };
  }
  if (options.token && !sameToken(tokenOf(request, options.cookie ?? false), options.token))
    return { status: 401, message: 'an access token is required (Authorization: Bearer <token>)' };
  return undefined;
}

/** `Set-Cookie` value that hands the token to a page opened with `?token=` (HttpOnly, same-site only). */
export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`;
}
