/** `server.address` / `server.port` from an OpenAI client's `baseURL`, parsed once per distinct URL. */

/** Host and port of the API endpoint a client talks to. */
export interface ServerAddress {
  address: string;
  port: number;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const cache = new Map<string, ServerAddress | null>();

/**
 * Parses `baseURL` (default `https://api.openai.com/v1`) into host and port; the port falls back to
 * the scheme's default. Returns `undefined` for an unparsable URL. Results are memoised (clients are
 * few, calls are many).
 */
export function serverAddressOf(baseURL: string | undefined): ServerAddress | undefined {
  const key = baseURL ?? DEFAULT_BASE_URL;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = parse(key);
    if (cache.size > 64) cache.clear();
    cache.set(key, hit);
  }
  return hit ?? undefined;
}

function parse(url: string): ServerAddress | null {
  try {
    const u = new URL(url);
    const port = u.port ? Number(u.port) : u.protocol === 'http:' ? 80 : 443;
    // IPv6 hosts come back bracketed; semconv wants the bare address.
    const address = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
    return { address, port };
  } catch {
    return null;
  }
}
