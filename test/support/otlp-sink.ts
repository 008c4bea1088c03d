import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as received over OTLP/JSON, flattened for assertions. */
export interface SinkSpan {
  name: string;
  traceId: string;
  service: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** A tiny OTLP/HTTP JSON trace receiver for tests that need to see what another process exported. */
export interface OtlpSink {
  url: string;
  spans: SinkSpan[];
  waitFor(pred: (spans: SinkSpan[]) => boolean, timeoutMs?: number): Promise<SinkSpan[]>;
  close(): Promise<void>;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
const value = (v: AnyValue | undefined): unknown =>
  v?.stringValue ?? (v?.intValue !== undefined ? Number(v.intValue) : (v?.boolValue ?? v?.doubleValue));
const attrs = (list: { key: string; value: AnyValue }[] | undefined) =>
  Object.fromEntries((list ?? []).map((a) => [a.key, value(a.value)]));

/** Starts the sink on 127.0.0.1 (ephemeral port unless `port`). Only OTLP/JSON is understood. */
export async function startOtlpSink(port = 0): Promise<OtlpSink> {
  const spans: SinkSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) {
          const service = String(attrs(rs.resource?.attributes)['service.name'] ?? '');
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({
                name: s.name,
                traceId: s.traceId,
                service,
                kind: s.kind,
                attributes: attrs(s.attributes),
              });
            }
          }
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch {
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    spans,
    async waitFor(pred, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (!pred(spans)) {
        if (Date.now() > end)
          throw new Error(`timed out waiting for spans; have: ${spans.map((s) => s.name).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return spans;
    },
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
