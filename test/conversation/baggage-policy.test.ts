import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baggageAllowedTo,
  baggagePolicyFromEnv,
  isInternalHost,
} from '../../src/conversation/baggage-policy.ts';
import { InvalidArgumentError } from '../../src/errors.ts';
import { installTracing } from '../../src/otel/install.ts';
import { agentRun } from '../../src/run/agent-run.ts';
import { type Downstream, startDownstream } from '../support/downstream.ts';
import { type OtlpSink, startOtlpSink } from '../support/otlp-sink.ts';

describe('which hosts are internal', () => {
  it('classifies loopback, private and internal names as internal, public hosts as not', () => {
    for (const h of [
      '127.0.0.1',
      '10.2.3.4',
      '172.20.0.1',
      '192.168.1.9',
      '::1',
      'fd12::1',
      'localhost',
      'orders',
      'db.internal',
      'api.ns.svc.cluster.local',
    ])
      expect(isInternalHost(h), h).toBe(true);
    for (const h of ['api.openai.com', '8.8.8.8', '172.32.0.1', 'example.com', '2001:db8::1'])
      expect(isInternalHost(h), h).toBe(false);
  });

  it('lets deny win over allow, allow add public hosts, and allowInternal=false restrict to the list', () => {
    expect(baggageAllowedTo({}, 'api.openai.com')).toBe(false);
    expect(baggageAllowedTo({ allowHosts: ['*.example.com'] }, 'svc.example.com')).toBe(true);
    expect(baggageAllowedTo({ denyHosts: ['127.0.0.1:9'] }, '127.0.0.1', '9')).toBe(false);
    expect(baggageAllowedTo({ denyHosts: ['127.0.0.1:9'] }, '127.0.0.1', '10')).toBe(true);
    expect(baggageAllowedTo({ allowInternal: false }, '10.0.0.1')).toBe(false);
  });

  it('reads the env configuration and names a bad variable', () => {
    expect(
      baggagePolicyFromEnv({
        CONVTRACE_BAGGAGE_INCOMING: 'peers',
        CONVTRACE_BAGGAGE_INCOMING_PEERS: '10.0.0.1, 10.0.0.2',
      }).incoming,
    ).toEqual({
      peers: ['10.0.0.1', '10.0.0.2'],
    });
    expect(() => baggagePolicyFromEnv({ CONVTRACE_BAGGAGE_INCOMING: 'maybe' })).toThrow(InvalidArgumentError);
    expect(() => baggagePolicyFromEnv({ CONVTRACE_BAGGAGE_INCOMING: 'maybe' })).toThrow(
      /CONVTRACE_BAGGAGE_INCOMING/,
    );
  });
});

describe('outgoing: baggage stays inside', () => {
  const exporter = new InMemorySpanExporter();
  const servers: Server[] = [];
  const seen = new Map<string, IncomingHttpHeaders>();
  let internalPort = 0;
  let thirdPartyPort = 0;
  let handle: ReturnType<typeof installTracing>;
  let undo: () => void;

  const echo = (name: string) =>
    new Promise<number>((resolve) => {
      const s = createServer((req, res) => {
        seen.set(name, req.headers);
        res.end('{}');
      });
      servers.push(s);
      s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port));
    });

  beforeAll(async () => {
    internalPort = await echo('internal');
    thirdPartyPort = await echo('third-party');
    handle = installTracing({
      exporter,
      simpleExport: true,
      // Both listen on loopback (tests stay local); one is declared a third-party API.
      baggagePolicy: {
        allowHosts: [`127.0.0.1:${internalPort}`],
        denyHosts: [`127.0.0.1:${thirdPartyPort}`],
      },
    });
    undo = registerInstrumentations({ instrumentations: [new UndiciInstrumentation()] });
  });

  afterAll(async () => {
    undo();
    await handle.shutdown();
    for (const s of servers) s.close();
  });

  it('sends the run ids to the internal service and none to the third-party one; trace context goes to both', async () => {
    const run = await agentRun({ agentName: 'tooler', conversationId: 'conv-inside' }, async (r) => {
      await (await fetch(`http://127.0.0.1:${internalPort}/`)).text();
      await (await fetch(`http://127.0.0.1:${thirdPartyPort}/v1/responses`)).text();
      return r;
    });
    const inside = decodeURIComponent(String(seen.get('internal')?.baggage));
    expect(inside).toContain('gen_ai.conversation.id=conv-inside');
    expect(inside).toContain(`gen_ai.agent.call.id=${run.runId}`);
    expect(seen.get('third-party')?.baggage).toBeUndefined();
    expect(seen.get('third-party')?.traceparent).toMatch(/^00-/);
  });
});

describe('incoming: a policy per service edge', () => {
  let sink: OtlpSink;
  const services: Downstream[] = [];

  const service = async (serviceName: string, env: Record<string, string>) => {
    const started = await startDownstream(sink.url, { serviceName, env });
    services.push(started);
    return started.port;
  };

  beforeAll(async () => {
    sink = await startOtlpSink();
  });

  afterAll(async () => {
    for (const s of services) await s.stop();
    await sink.close();
  });

  const ids = 'gen_ai.agent.name=a,gen_ai.agent.call.id=run-1,gen_ai.conversation.id=conv-in';
  const send = async (port: number, baggage: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { baggage } });
    expect(res.status).toBe(200);
    await res.text();
  };

  it('accepts by default, caps hostile headers and keeps serving; drop and peer lists keep ids off spans', async () => {
    const accept = await service('edge-accept', {});
    const drop = await service('edge-drop', { CONVTRACE_BAGGAGE_INCOMING: 'drop' });
    const stranger = await service('edge-peers', {
      CONVTRACE_BAGGAGE_INCOMING: 'peers',
      CONVTRACE_BAGGAGE_INCOMING_PEERS: '10.9.9.9',
    });
    const friend = await service('edge-friend', {
      CONVTRACE_BAGGAGE_INCOMING: 'peers',
      CONVTRACE_BAGGAGE_INCOMING_PEERS: '127.0.0.1',
    });

    await send(accept, ids);
    await send(accept, `gen_ai.conversation.id=${'x'.repeat(8 * 1024)}`);
    await send(accept, Array.from({ length: 200 }, (_, i) => `k${i}=v${i}`).join(','));
    await send(accept, ';;;=,,%%%,=gen_ai.conversation.id,gen_ai.agent.call.id=%E0%A4%A');
    await send(drop, ids);
    await send(stranger, ids);
    await send(friend, ids);

    const spans = await sink.waitFor(
      (s) => new Set(s.map((x) => x.service)).size === 4 && s.length >= 14,
      20_000,
    );
    const of = (service: string) => spans.filter((s) => s.service === service);
    expect(of('edge-accept').some((s) => s.attributes['gen_ai.conversation.id'] === 'conv-in')).toBe(true);
    for (const s of spans)
      for (const v of Object.values(s.attributes))
        if (typeof v === 'string') expect(v.length).toBeLessThanOrEqual(8192);
    for (const s of spans)
      expect(String(s.attributes['gen_ai.conversation.id'] ?? '').length).toBeLessThanOrEqual(256);
    for (const name of ['edge-drop', 'edge-peers']) {
      expect(of(name).length).toBeGreaterThan(0);
      for (const s of of(name)) expect(s.attributes['gen_ai.conversation.id'], name).toBeUndefined();
    }
    expect(of('edge-friend').every((s) => s.attributes['gen_ai.conversation.id'] === 'conv-in')).toBe(true);
  });
});
