/**
 * Child process of bench/inspect-store.ts: the inspector (OTLP receiver + page API) on one store kind,
 * so its RSS and restart time are measured alone. Prints one JSON line with its URLs when ready.
 *
 *   node bench/inspect-store-server.ts sqlite|sqlite-nofsync|jsonl <dataDir>
 */
import { startOtlpReceiver } from '../src/inspect/ingest/otlp-receiver.ts';
import { startInspector } from '../src/inspect/inspector.ts';
import { startWebServer } from '../src/inspect/server/web-server.ts';
import { JsonlSource } from './baseline/jsonl-source.ts';
import { SpanStore as JsonlStore } from './baseline/jsonl-store.ts';

const [kind, dataDir] = process.argv.slice(2) as [string, string];
let close: () => Promise<void>;
if (kind.startsWith('sqlite')) {
  const inspector = await startInspector({ dataDir, port: 0, receiverPort: 0, fsync: kind === 'sqlite' });
  console.log(JSON.stringify({ url: inspector.url, receiverUrl: inspector.receiverUrl }));
  close = () => inspector.close();
} else {
  // The old store had a 200,000-span cap (past it every write rewrote the file): lift it to measure the store itself.
  const store = await JsonlStore.open({ dataDir, maxSpans: 10_000_000 });
  const receiver = await startOtlpReceiver({ port: 0, onSpans: (s) => store.append(s) });
  const web = await startWebServer({ source: new JsonlSource(store), port: 0 });
  console.log(JSON.stringify({ url: web.url, receiverUrl: receiver.url }));
  close = async () => {
    await Promise.all([web.close(), receiver.close()]);
    await store.flush();
  };
}
process.once('SIGTERM', () => void close().finally(() => process.exit(0)));
