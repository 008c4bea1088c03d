import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { freePorts } from '../support/ports.ts';

// Services the e2e tests restart must keep their port: it must never be one an outgoing connection
// can take as its source port (CI once failed a collector restart with EADDRINUSE that way).
it('hands out distinct ports below the ephemeral range', async () => {
  const ephemeralFloor = Number(
    readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0],
  );
  const ports = await freePorts(20);
  expect(new Set(ports).size).toBe(20);
  for (const port of ports) {
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(ephemeralFloor);
  }
});
