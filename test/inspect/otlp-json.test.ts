import { describe, expect, it } from 'vitest';
import { OtlpDecodeError } from '../../src/inspect/ingest/errors.ts';
import { spansFromOtlpJson } from '../../src/inspect/ingest/otlp-json.ts';
import { demoConversation } from './fixtures.ts';
import { toOtlpJson } from './otlp-encode.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

function doc(span: Record<string, unknown>, resourceAttrs: unknown[] = []): unknown {
  return { resourceSpans: [{ resource: { attributes: resourceAttrs }, scopeSpans: [{ spans: [span] }] }] };
}

describe('OTLP/JSON normalisation', () => {
  it('round-trips span records through the OTLP/JSON mapping', () => {
    const spans = demoConversation();
    const decoded = spansFromOtlpJson(toOtlpJson(spans));
    const key = (s: { traceId: string; spanId: string }) => `${s.traceId}/${s.spanId}`;
    const sorted = (list: typeof spans) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(sorted(decoded)).toEqual(sorted(spans));
  });

  it('maps ids, int64 strings, enums, status and resource service.name', () => {
    const [s] = spansFromOtlpJson(
      doc(
        {
          traceId: TRACE.toUpperCase(),
          spanId: SPAN,
          parentSpanId: '',
          name: 'chat gpt-4o',
          kind: 3,
          startTimeUnixNano: '1763805600000000123',
          endTimeUnixNano: 1763805600,
          status: { code: 2, message: 'boom' },
          attributes: [
            { key: 'gen_ai.usage.input_tokens', value: { intValue: '42' } },
            { key: 'big', value: { intValue: '9223372036854775807' } },
            { key: 'd', value: { doubleValue: 0.5 } },
            { key: 'b', value: { boolValue: true } },
            { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
            { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { intValue: 1 } }] } } },
            { key: '__proto__', value: { stringValue: 'plain' } },
          ],
        },
        [{ key: 'service.name', value: { stringValue: 'svc' } }],
      ),
    );
    expect(s).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      parentSpanId: null,
      kind: 'client',
      startTimeUnixNano: '1763805600000000123',
      endTimeUnixNano: '1763805600',
      status: { code: 'error', message: 'boom' },
      serviceName: 'svc',
    });
    expect(s!.attributes).toMatchObject({
      'gen_ai.usage.input_tokens': 42,
      big: '9223372036854775807',
      d: 0.5,
      b: true,
    });
    expect(s!.attributes.arr).toEqual(['stop']);
    expect(s!.attributes.kv).toEqual({ x: 1 });
    expect(Object.getOwnPropertyDescriptor(s!.attributes, '__proto__')?.value).toBe('plain');
    expect(Object.getPrototypeOf(s!.attributes)).toBe(Object.prototype);
  });

  it('accepts enum names and base64 ids (protobuf JSON forms)', () => {
    const [s] = spansFromOtlpJson(
      doc({
        traceId: Buffer.from(TRACE, 'hex').toString('base64'),
        spanId: Buffer.from(SPAN, 'hex').toString('base64'),
        kind: 'SPAN_KIND_SERVER',
        status: { code: 'STATUS_CODE_OK' },
      }),
    );
    expect(s).toMatchObject({
      traceId: TRACE,
      spanId: SPAN,
      kind: 'server',
      status: { code: 'ok' },
      serviceName: 'unknown_service',
    });
  });

  it.each([
    [{ resourceSpans: {} }, 'resourceSpans'],
    [doc({ traceId: 'xyz', spanId: SPAN }), 'resourceSpans[0].scopeSpans[0].spans[0].traceId'],
    [doc({ traceId: TRACE }), 'resourceSpans[0].scopeSpans[0].spans[0].spanId'],
    [doc({ traceId: '0'.repeat(32), spanId: SPAN }), 'resourceSpans[0].scopeSpans[0].spans[0].traceId'],
    [
      doc({ traceId: TRACE, spanId: SPAN, startTimeUnixNano: '-1' }),
      'resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano',
    ],
    [
      doc({ traceId: TRACE, spanId: SPAN, attributes: [{ key: 1 }] }),
      'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].key',
    ],
    [
      doc({ traceId: TRACE, spanId: SPAN, attributes: [{ key: 'k', value: { intValue: 'ten' } }] }),
      'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue',
    ],
    [doc({ traceId: TRACE, spanId: SPAN, kind: 'SIDEWAYS' }), 'resourceSpans[0].scopeSpans[0].spans[0].kind'],
    ['not an object', ''],
  ])('rejects malformed input with a typed error naming the field (%#)', (input, field) => {
    let caught: unknown;
    try {
      spansFromOtlpJson(input);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(OtlpDecodeError);
    expect((caught as OtlpDecodeError).field).toBe(field);
  });

  it('rejects values nested too deeply instead of recursing without bound', () => {
    let value: Record<string, unknown> = { stringValue: 'leaf' };
    for (let i = 0; i < 40; i++) value = { arrayValue: { values: [value] } };
    expect(() =>
      spansFromOtlpJson(doc({ traceId: TRACE, spanId: SPAN, attributes: [{ key: 'deep', value }] })),
    ).toThrow(/nested too deeply/);
  });
});
