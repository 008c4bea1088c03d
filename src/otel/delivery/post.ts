import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { context } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { OtlpTarget } from './endpoint.ts';

/** What one POST came to: delivered, worth retrying (endpoint down, 429, 5xx), or refused for good. */
export type PostOutcome = { ok: true } | { ok: false; retry: boolean; reason: string };

const RETRYABLE = new Set([408, 429, 502, 503, 504]);

/**
 * POSTs one OTLP/JSON body; never rejects. Tracing is suppressed so the export makes no spans;
 * `signal` aborts it (at shutdown, so a silent endpoint cannot hold the process open).
 */
export function postOtlp(target: OtlpTarget, body: Uint8Array, signal?: AbortSignal): Promise<PostOutcome> {
  return new Promise((resolve) => {
    context.with(suppressTracing(context.active()), () => {
      const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        target.url,
        {
          method: 'POST',
          headers: {
            ...target.headers,
            'content-type': 'application/json',
            'content-length': body.byteLength,
          },
          timeout: target.timeoutMillis,
          ...(signal ? { signal } : {}),
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ ok: true });
            else
              resolve({ ok: false, retry: RETRYABLE.has(status) || status >= 500, reason: `HTTP ${status}` });
          });
          res.on('error', (err) => resolve({ ok: false, retry: true, reason: err.message }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${target.timeoutMillis} ms`)));
      req.on('error', (err) => resolve({ ok: false, retry: true, reason: err.message }));
      req.end(body);
    });
  });
}
