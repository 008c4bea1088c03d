/**
 * Loopback ports for the services the tests start (Jaeger, collectors, Phoenix).
 *
 * Ports come from below the kernel's ephemeral range, never from it. A service the tests restart on
 * the same port (collector kill -9, backend outage) leaves that port unbound for a while; a port from
 * the ephemeral range can meanwhile become the source port of any outgoing connection in the test
 * run, and the restart then fails with EADDRINUSE (seen in CI: `collector-durable-delivery`). Below
 * the range only a listener could take it, and each vitest worker draws from its own slice, so two
 * workers never hand out the same port.
 */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Lowest port handed out; below it are well-known and commonly configured service ports. */
const FLOOR = 10_000;
/** Vitest worker slices; workers beyond this share a slice and rely on the bind check. */
const SLICES = 8;

/** Ports already handed out by this process, never handed out twice. */
const handedOut = new Set<number>();
let cursor = -1;

/** The first port of the kernel's ephemeral range (Linux); 32768 where it cannot be read. */
function ephemeralFloor(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').split(/\s+/)[0]);
    return Number.isInteger(first) && first > FLOOR + SLICES * 100 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** This worker's [first, end) slice of the ports below the ephemeral range, worked out once. */
let workerSlice: [number, number] | undefined;
function slice(): [number, number] {
  if (workerSlice === undefined) {
    const size = Math.floor((ephemeralFloor() - FLOOR) / SLICES);
    const worker = Number(process.env.VITEST_POOL_ID ?? process.pid) % SLICES;
    const first = FLOOR + worker * size;
    workerSlice = [first, first + size];
  }
  return workerSlice;
}

async function bindable(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([err]) => Promise.reject(err)),
    ]);
  } catch {
    return false;
  }
  server.close();
  await once(server, 'close');
  return true;
}

/**
 * A port on 127.0.0.1 outside the ephemeral range that was free a moment ago; never the same port
 * twice in one test process, so concurrently started services cannot be given the same one.
 */
export async function freePort(): Promise<number> {
  const [first, end] = slice();
  const size = end - first;
  // A random start, so a re-run (or a worker sharing a slice) does not retry the same ports first.
  if (cursor < 0) cursor = Math.floor(Math.random() * size);
  for (let tried = 0; tried < size; tried++) {
    const port = first + (cursor++ % size);
    if (!handedOut.has(port) && (await bindable(port))) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`freePort: no bindable port in ${first}-${end - 1}`);
}

/** Several distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) ports.push(await freePort());
  return ports;
}
