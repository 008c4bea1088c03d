/**
 * A corpus of fake secrets (test/e2e/fixtures/secrets-corpus.json: OpenAI, Anthropic, GitHub, AWS,
 * JWT, PEM private keys, bearer/basic headers, URL credentials, credential=value and JSON
 * "credential": "value") sent through the real collector (collector/otelcol.yaml) into the real
 * Jaeger, each secret in every place a backend shows: resource, span and event attribute values
 * (inline in text, in arrays, in nested maps), span names, status messages and event names. Nothing
 * of any secret may survive; benign text (ids, URLs, prompts) must come out byte for byte.
 *
 * Who masks what (so each test below fails if its part of the config goes): top-level strings and
 * names → transform/secrets (OTTL, `[REDACTED]`, context such as `Bearer `, the URL's user and host,
 * the credential's name kept); arrays and maps → redaction/secrets with redact_all_types (`****`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBinaries, shouldRunPipelineTests } from '../support/binaries.ts';
import { type CollectorHandle, type JaegerHandle, startCollector, startJaeger } from '../support/pipeline.ts';
import { eventually, JaegerApi, type JaegerSpan, type JaegerTrace } from './support/jaeger-api.ts';
import { hexId, type PlainValue, postOtlpJson, resourceSpans } from './support/otlp-json.ts';

interface CorpusSecret {
  kind: string;
  value: string;
  masked: string;
  secret: string;
  masksToEnd?: boolean;
}
const corpus = JSON.parse(
  readFileSync(join(import.meta.dirname, 'fixtures', 'secrets-corpus.json'), 'utf8'),
) as {
  secrets: CorpusSecret[];
  benign: string[];
};

const SERVICE = 'e2e-secrets-corpus';
/** How a value is embedded in text, and what OTTL must make of it. */
const inText = (v: string): string => `before ${v} after`;
const maskedInText = (s: CorpusSecret): string => (s.masksToEnd ? `before ${s.masked}` : inText(s.masked));
const listOf = (v: string): PlainValue => ['benign-item', `x ${v} y`];
const mapOf = (v: string): PlainValue => ({ note: 'benign-note', inner: v, deeper: { list: [v] } });

/** One span carrying `value` in every position. */
function spanEntry(traceId: string, label: string, value: string): unknown {
  return resourceSpans(
    { 'service.name': SERVICE, 'corpus.resource': inText(value), 'corpus.resource.list': listOf(value) },
    {
      traceId,
      name: inText(value),
      statusMessage: inText(value),
      attributes: {
        'corpus.label': label,
        'corpus.inline': inText(value),
        'corpus.list': listOf(value),
        'corpus.map': mapOf(value),
      },
      event: {
        name: inText(value),
        attributes: { 'corpus.inline': inText(value), 'corpus.list': listOf(value) },
      },
    },
  );
}

/** A captured prompt (content capture on) holding a key in its text and a password in tool arguments. */
const PROMPT_KEY = corpus.secrets.find((s) => s.kind === 'openai-project')?.value ?? '';
const TOOL_PASSWORD = 'correct-horse-PromptTool1';
const PROMPT = JSON.stringify([
  {
    role: 'user',
    parts: [
      {
        type: 'text',
        content: `Deploy conv-0b6e1c52 to https://example.com:8443/x?q=1 (max_tokens=1024) with my key ${PROMPT_KEY}. Ask the task-force-assignments-bot.`,
      },
    ],
  },
  {
    role: 'assistant',
    parts: [
      {
        type: 'tool_call',
        id: 'call_1',
        name: 'deploy',
        arguments: JSON.stringify({ password: TOOL_PASSWORD, region: 'eu-west-1' }),
      },
    ],
  },
]);

/** Every place of a stored span, by name: what the tests compare. */
function places(trace: JaegerTrace, span: JaegerSpan): Record<string, string | undefined> {
  const tag = (key: string): string | undefined => {
    const t = span.tags.find((x) => x.key === key);
    return t === undefined ? undefined : String(t.value);
  };
  const fields = span.logs[0]?.fields ?? [];
  const field = (key: string): string | undefined => {
    const f = fields.find((x) => x.key === key);
    return f === undefined ? undefined : String(f.value);
  };
  const processTags = trace.processes[span.processID]?.tags ?? [];
  const processTag = (key: string): string | undefined => {
    const t = processTags.find((x) => x.key === key);
    return t === undefined ? undefined : String(t.value);
  };
  return {
    'span name': span.operationName,
    'status message': tag('otel.status_description'),
    'span attribute': tag('corpus.inline'),
    'event name': field('event'),
    'event attribute': field('corpus.inline'),
    'resource attribute': processTag('corpus.resource'),
    'span attribute array': tag('corpus.list'),
    'span attribute map': tag('corpus.map'),
    'event attribute array': field('corpus.list'),
    'resource attribute array': processTag('corpus.resource.list'),
  };
}
const TOP_LEVEL = ['span attribute', 'event attribute', 'resource attribute'];
const NAMES = ['span name', 'status message', 'event name'];
const NESTED = [
  'span attribute array',
  'span attribute map',
  'event attribute array',
  'resource attribute array',
];

/** Every string Jaeger returns for a span (tags, event fields, name, process tags). */
function allStrings(trace: JaegerTrace, span: JaegerSpan): string[] {
  const process = trace.processes[span.processID];
  return [
    span.operationName,
    ...span.tags.map((t) => String(t.value)),
    ...span.logs.flatMap((l) => l.fields.map((f) => String(f.value))),
    ...(process?.tags ?? []).map((t) => String(t.value)),
  ];
}

describe.runIf(shouldRunPipelineTests())(
  `secrets corpus (${corpus.secrets.length} secrets) through collector → Jaeger`,
  () => {
    let jaeger: JaegerHandle;
    let collector: CollectorHandle;
    let stored: JaegerTrace;
    const bySpanLabel = new Map<string, JaegerSpan>();

    beforeAll(async () => {
      assertBinaries();
      jaeger = await startJaeger();
      // Content capture on: prompts must survive scrubbing intact apart from their secrets.
      collector = await startCollector({
        env: { JAEGER_OTLP_ENDPOINT: jaeger.otlpGrpcEndpoint, CONVTRACE_CAPTURE_CONTENT: 'true' },
      });
      const traceId = hexId(16);
      const entries = [
        ...corpus.secrets.map((s, i) => spanEntry(traceId, `secret-${i}`, s.value)),
        ...corpus.benign.map((b, i) => spanEntry(traceId, `benign-${i}`, b)),
        resourceSpans(
          { 'service.name': SERVICE },
          {
            traceId,
            name: 'chat prompt',
            attributes: { 'corpus.label': 'prompt', 'gen_ai.input.messages': PROMPT },
          },
        ),
      ];
      await postOtlpJson(collector.otlpHttpTracesUrl, entries);
      const api = new JaegerApi(jaeger.queryUrl);
      const got = await eventually(
        () => api.getTrace(traceId),
        (t) => t !== undefined && t.trace.spans.length === entries.length,
        { what: `${entries.length} corpus spans in Jaeger` },
      );
      stored = (got as { trace: JaegerTrace }).trace;
      for (const span of stored.spans) {
        const label = span.tags.find((t) => t.key === 'corpus.label')?.value;
        if (typeof label === 'string') bySpanLabel.set(label, span);
      }
    });

    afterAll(async () => {
      await Promise.allSettled([collector?.stop(), jaeger?.stop()]);
    });

    it('the corpus has ≥ 50 secrets of every required kind', () => {
      expect(corpus.secrets.length).toBeGreaterThanOrEqual(50);
      const kinds = new Set(corpus.secrets.map((s) => s.kind));
      for (const kind of [
        'openai',
        'openai-project',
        'anthropic',
        'github',
        'github-fine-grained',
        'aws-access-key-id',
        'jwt',
        'pem-private-key',
        'bearer',
        'url-credentials',
      ]) {
        expect(kinds).toContain(kind);
      }
    });

    it('no secret survives anywhere Jaeger shows a span', () => {
      const leaks: string[] = [];
      corpus.secrets.forEach((s, i) => {
        const span = bySpanLabel.get(`secret-${i}`);
        if (!span) {
          leaks.push(`${s.kind}#${i}: span missing`);
          return;
        }
        // Also the JSON-escaped form (a PEM's newlines inside a map rendered as JSON).
        const forms = [s.secret, JSON.stringify(s.secret).slice(1, -1), s.secret.slice(-12)];
        for (const text of allStrings(stored, span)) {
          if (forms.some((f) => text.includes(f)))
            leaks.push(`${s.kind}#${i} in ${JSON.stringify(text.slice(0, 80))}`);
        }
      });
      expect(leaks).toEqual([]);
    });

    /** Places among `which` that do not hold exactly the OTTL-masked text, for every secret. */
    const notMasked = (which: string[]): string[] =>
      corpus.secrets.flatMap((s, i) => {
        const got = places(stored, bySpanLabel.get(`secret-${i}`) as JaegerSpan);
        return which.filter((p) => got[p] !== maskedInText(s)).map((p) => `${s.kind}#${i} ${p}: ${got[p]}`);
      });

    it('attribute values (span, event, resource): the secret becomes [REDACTED], the text around it stays', () => {
      expect(notMasked(TOP_LEVEL)).toEqual([]);
    });

    it('span names, status messages and event names: the secret becomes [REDACTED]', () => {
      expect(notMasked(NAMES)).toEqual([]);
    });

    it('arrays and nested maps (span, event, resource): masked with ****, benign items kept', () => {
      const wrong: string[] = [];
      corpus.secrets.forEach((s, i) => {
        const got = places(stored, bySpanLabel.get(`secret-${i}`) as JaegerSpan);
        for (const place of NESTED) {
          const text = got[place] ?? '';
          const benign = place === 'span attribute map' ? 'benign-note' : 'benign-item';
          if (!text.includes('****') || !text.includes(benign))
            wrong.push(`${s.kind}#${i} ${place}: ${text.slice(0, 80)}`);
        }
      });
      expect(wrong).toEqual([]);
    });

    it('a captured prompt keeps every character except its secrets (also inside JSON tool arguments)', () => {
      const span = bySpanLabel.get('prompt');
      const got = span?.tags.find((t) => t.key === 'gen_ai.input.messages')?.value;
      expect(got).toBe(PROMPT.replace(PROMPT_KEY, '[REDACTED]').replace(TOOL_PASSWORD, '[REDACTED]'));
    });

    it('benign values (ids, URLs, prompts, near-misses) come out unchanged in every place', () => {
      const wrong: string[] = [];
      corpus.benign.forEach((b, i) => {
        const got = places(stored, bySpanLabel.get(`benign-${i}`) as JaegerSpan);
        for (const place of [...TOP_LEVEL, ...NAMES])
          if (got[place] !== inText(b)) wrong.push(`${place}: ${got[place]}`);
        const expected: Record<string, PlainValue> = {
          'span attribute array': listOf(b),
          'span attribute map': mapOf(b),
          'event attribute array': listOf(b),
          'resource attribute array': listOf(b),
        };
        for (const [place, value] of Object.entries(expected)) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(got[place] ?? '');
          } catch {
            parsed = got[place];
          }
          if (JSON.stringify(sortKeys(parsed)) !== JSON.stringify(sortKeys(value)))
            wrong.push(`${place}: ${got[place]}`);
        }
      });
      expect(wrong).toEqual([]);
    });
  },
);

/** A copy with object keys sorted (Jaeger renders maps as JSON with its own key order). */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
