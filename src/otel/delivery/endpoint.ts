/** Where and how the durable exporter posts OTLP/JSON: the options first, then the standard env vars. */
export interface OtlpTarget {
  url: URL;
  headers: Record<string, string>;
  /** Per request. */
  timeoutMillis: number;
}

const env = (name: string): string | undefined => process.env[name]?.trim() || undefined;

/** `k1=v1,k2=v2` (values URL-encoded), the format of `OTEL_EXPORTER_OTLP_HEADERS`. */
function parseHeaders(raw: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of raw?.split(',') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    out[decodeURIComponent(pair.slice(0, eq).trim())] = decodeURIComponent(pair.slice(eq + 1).trim());
  }
  return out;
}

/** Resolves the traces URL, headers and timeout like the OTLP/HTTP exporter does. */
export function resolveOtlpTarget(options: {
  endpoint?: string;
  headers?: Record<string, string>;
}): OtlpTarget {
  const base = env('OTEL_EXPORTER_OTLP_ENDPOINT');
  const url =
    options.endpoint ??
    env('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT') ??
    (base ? `${base.replace(/\/+$/, '')}/v1/traces` : 'http://localhost:4318/v1/traces');
  const timeout = Number(
    env('OTEL_EXPORTER_OTLP_TRACES_TIMEOUT') ?? env('OTEL_EXPORTER_OTLP_TIMEOUT') ?? 10_000,
  );
  return {
    url: new URL(url),
    headers: options.headers ?? {
      ...parseHeaders(env('OTEL_EXPORTER_OTLP_HEADERS')),
      ...parseHeaders(env('OTEL_EXPORTER_OTLP_TRACES_HEADERS')),
    },
    timeoutMillis: Number.isFinite(timeout) && timeout > 0 ? timeout : 10_000,
  };
}
