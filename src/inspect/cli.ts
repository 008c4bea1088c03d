import { Command, InvalidArgumentError as CommanderArgError, CommanderError } from 'commander';
import { ConvtraceError } from '../errors.ts';
import { DEFAULT_DATA_DIR, DEFAULT_RECEIVER_PORT, DEFAULT_WEB_PORT, startInspector } from './inspector.ts';
import { assembleConversation } from './model/conversation-model.ts';
import { toJsonText } from './model/deep-json.ts';
import { loadPriceTable } from './model/price-file.ts';
import { BUILTIN_PRICES, type PriceTable } from './model/prices.ts';
import { renderConversationListText, renderConversationText } from './render/text-render.ts';
import { JaegerSource } from './sources/jaeger-source.ts';
import type { SpanSource } from './sources/source.ts';
import { StoreSource } from './sources/store-source.ts';
import { type RetentionOptions, SpanStore } from './store/store.ts';

/** Where the CLI writes and what it knows about its terminal (injectable for tests). */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal. */
  isTTY: boolean;
  /** Terminal width, when known. */
  columns?: number;
  /** Resolves when the process should stop (`serve`); default: SIGINT or SIGTERM. */
  untilStopped?: () => Promise<void>;
}

interface SourceOptions {
  jaeger?: string;
  jaegerUi?: string;
  lookback?: number;
  searchDepth?: number;
  dataDir: string;
  prices?: string;
}

/** The price table of `--prices FILE` (over the built-in one), else the built-in one. */
function pricesOf(o: SourceOptions): Promise<PriceTable> {
  return o.prices ? loadPriceTable(o.prices) : Promise.resolve(BUILTIN_PRICES);
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `90s`, `30m`, `24h`, `7d`, `2w` → ms. */
function duration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)([smhdw])$/.exec(value.trim());
  if (!m || Number(m[1]) <= 0) throw new CommanderArgError('must be a duration like 30m, 24h, 7d or 2w');
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CommanderArgError('must be a port number (0-65535)');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommanderArgError('must be a positive integer');
  return n;
}

/** Runs `use` on the chosen source (the local store is closed afterwards). */
async function withSource<T>(o: SourceOptions, use: (source: SpanSource) => Promise<T>): Promise<T> {
  if (o.jaeger)
    return use(
      new JaegerSource({
        url: o.jaeger,
        uiUrl: o.jaegerUi,
        lookbackMs: o.lookback,
        searchDepth: o.searchDepth,
      }),
    );
  const store = await SpanStore.open({ dataDir: o.dataDir });
  try {
    return await use(new StoreSource(store, o.jaegerUi));
  } finally {
    store.close();
  }
}

function nonNegative(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new CommanderArgError('must be a non-negative integer');
  return n;
}

/** Colour unless told otherwise: on for a TTY, off under `NO_COLOR` or `TERM=dumb`; `FORCE_COLOR` forces. */
export function useColor(io: CliIo, flag: boolean | undefined): boolean {
  if (flag !== undefined) return flag;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.isTTY && io.env.TERM !== 'dumb';
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

function sourceFlags(cmd: Command, io: CliIo): Command {
  return cmd
    .option(
      '--jaeger <url>',
      'read from Jaeger’s query API (e.g. http://127.0.0.1:16686) instead of the local store',
    )
    .option('--jaeger-ui <url>', 'Jaeger UI base URL for trace links (default: the --jaeger URL)')
    .option(
      '--lookback <duration>',
      'with --jaeger: how far back to search, e.g. 24h, 7d (default 7d)',
      duration,
    )
    .option(
      '--search-depth <n>',
      'with --jaeger: traces per search, ≤ Jaeger’s max_traces (default 500; capped searches are split)',
      positive,
    )
    .option(
      '--data-dir <dir>',
      'store directory of the built-in receiver (default: $CONVTRACE_DATA_DIR, else .convtrace)',
      io.env.CONVTRACE_DATA_DIR || DEFAULT_DATA_DIR,
    )
    .option(
      '--prices <file>',
      'JSON price table over the built-in one: {"asOf":"YYYY-MM-DD","models":{"<model>":{"input":2.5,"output":10,"cachedInput":1.25}}} (USD per million tokens)',
    );
}

/** Builds the `convtrace` command (conversations, show, serve). */
export function buildCli(io: CliIo): Command {
  const program = new Command('convtrace')
    .description(
      'Multi-turn LLM agent conversations as one timeline, from Jaeger or the built-in OTLP receiver',
    )
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride();

  sourceFlags(program.command('conversations'), io)
    .description('list recent conversations: id, turns, tokens, errors, last activity')
    .option('--json', 'print JSON')
    .option(
      '-s, --search <text>',
      'only conversations whose id, agent, model or first prompt contains <text>',
    )
    .option('-n, --limit <n>', 'at most <n> conversations', positive, 50)
    .option('--offset <n>', 'skip the <n> most recent ones (paging)', nonNegative, 0)
    .action(async (o: SourceOptions & { json?: boolean; search?: string; limit: number; offset: number }) => {
      const prices = await pricesOf(o);
      await withSource(o, async (source) => {
        const page = await source.listConversations({ search: o.search, limit: o.limit, offset: o.offset });
        for (const w of page.warnings) io.stderr(`convtrace: warning: ${w}\n`);
        if (o.json) io.stdout(`${JSON.stringify(page.conversations, null, 2)}\n`);
        else if (page.conversations.length === 0)
          io.stdout(
            `No conversations found in ${source.description}${o.search ? ` matching "${o.search}"` : ''}.\n`,
          );
        else
          io.stdout(
            renderConversationListText(page.conversations, {
              width: io.columns ?? 120,
              color: useColor(io, undefined),
              prices,
            }),
          );
      });
    });

  sourceFlags(program.command('show'), io)
    .description('a conversation as a terminal timeline: turns, model and tool calls, tokens, errors')
    .argument('<conversationId>', 'the gen_ai.conversation.id')
    .option('--json', 'print the assembled conversation as JSON')
    .option('-w, --width <columns>', 'output width (default: the terminal’s, else 100)', positive)
    .option('--color', 'force colour')
    .option('--no-color', 'no colour')
    .action(async (id: string, o: SourceOptions & { json?: boolean; width?: number; color?: boolean }) => {
      const prices = await pricesOf(o);
      await withSource(o, async (source) => {
        const { spans, warnings } = await source.readConversation(id);
        for (const w of warnings) io.stderr(`convtrace: warning: ${w}\n`);
        const conversation = assembleConversation(spans, id);
        if (!conversation)
          throw new ConvtraceError(`no spans of conversation ${id} found in ${source.description}`);
        if (o.json) {
          io.stdout(`${toJsonText(conversation, 2)}\n`);
          return;
        }
        const width = o.width ?? io.columns ?? 100;
        io.stdout(renderConversationText(conversation, { width, color: useColor(io, o.color), prices }));
      });
    });

  sourceFlags(program.command('serve'), io)
    .description('serve the web page (and, without --jaeger, the OTLP/HTTP receiver) on 127.0.0.1')
    .option('--host <host>', 'bind address', '127.0.0.1')
    .option('-p, --port <port>', 'page port', port, DEFAULT_WEB_PORT)
    .option('--receiver-port <port>', 'OTLP/HTTP receiver port', port, DEFAULT_RECEIVER_PORT)
    .option('--json', 'print the URLs as JSON')
    .option('--retention-days <days>', 'drop conversations idle longer than this (default: keep)', positive)
    .option('--max-store-mb <mb>', 'drop the oldest conversations above this size (default 1024)', positive)
    .option('--no-fsync', 'acknowledge spans once safe from a crash of this process, not of the OS (faster)')
    .option(
      '--token <token>',
      'access token for page, API and receiver (Authorization: Bearer; the page: open /?token=…); required beyond loopback (default: $CONVTRACE_INSPECTOR_TOKEN)',
      io.env.CONVTRACE_INSPECTOR_TOKEN || undefined,
    )
    .action(
      async (
        o: SourceOptions & {
          host: string;
          port: number;
          receiverPort: number;
          json?: boolean;
          retentionDays?: number;
          maxStoreMb?: number;
          fsync: boolean;
          token?: string;
        },
      ) => {
        const retention: RetentionOptions = {};
        if (o.retentionDays) retention.maxAgeMs = o.retentionDays * 24 * 3600_000;
        if (o.maxStoreMb) retention.maxBytes = o.maxStoreMb * 1024 * 1024;
        const inspector = await startInspector({
          prices: await pricesOf(o),
          retention,
          fsync: o.fsync,
          host: o.host,
          token: o.token,
          port: o.port,
          receiverPort: o.receiverPort,
          dataDir: o.dataDir,
          jaegerUrl: o.jaeger,
          jaegerUiUrl: o.jaegerUi,
          jaegerLookbackMs: o.lookback,
          jaegerSearchDepth: o.searchDepth,
        });
        if (o.json) {
          io.stdout(
            `${JSON.stringify({ url: inspector.url, receiverUrl: inspector.receiverUrl ?? null, source: inspector.source.description })}\n`,
          );
        } else {
          io.stdout(
            `convtrace inspector: ${inspector.url}${o.token ? ' (open it once with ?token=<token>)' : ''}\n`,
          );
          if (inspector.receiverUrl) {
            io.stdout(
              `OTLP/HTTP receiver:  ${inspector.receiverUrl}/v1/traces  (OTEL_EXPORTER_OTLP_ENDPOINT=${inspector.receiverUrl})\n`,
            );
          }
          io.stdout(`reading from ${inspector.source.description}\n`);
        }
        await (io.untilStopped ?? waitForSignal)();
        await inspector.close();
      },
    );
  return program;
}

/** Runs the CLI on `argv` (user arguments, without `node script`); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await buildCli(io).parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof ConvtraceError) {
      io.stderr(`convtrace: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
