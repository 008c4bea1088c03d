import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { diag } from '@opentelemetry/api';
import { InvalidArgumentError } from '../../errors.ts';
import type { ConversationSummary } from '../model/conversation-list.ts';
import type { ListFilter } from '../model/list-filter.ts';
import { conversationKeys, spanConversation } from '../model/span-conversation.ts';
import { nanosToMillis, type SpanRecord } from '../model/span-record.ts';
import { StoreError } from './errors.ts';
import { importJsonl, type JsonlImportResult, LEGACY_JSONL_FILE } from './jsonl-import.ts';
import { Retention, type RetentionOptions, type RetentionResult } from './retention.ts';
import { prepareDatabase } from './schema.ts';
import { SummaryIndex } from './summaries.ts';

export type { RetentionOptions, RetentionResult } from './retention.ts';

/** Options of {@link SpanStore.open}. */
export interface SpanStoreOptions {
  /** Directory holding the database (`convtrace.sqlite`); created when missing. */
  dataDir: string;
  /**
   * Sync every committed batch to disk (SQLite `synchronous = FULL`), so an acknowledged span survives
   * an OS crash or power loss too. `false` keeps it safe from the process being killed only, and
   * roughly doubles ingest. Default true.
   */
  fsync?: boolean;
  /** Retention by age and size (see {@link RetentionOptions} for the defaults). */
  retention?: RetentionOptions;
  /**
   * After a write, rebuild the changed conversations' list rows this many ms later (in the
   * background, so a burst of writes rebuilds once). Default 250. Reads rebuild what is still due.
   */
  summaryDelayMs?: number;
}

/** A page of the conversation list (optionally filtered, see {@link ListFilter}). */
export interface ConversationQuery extends ListFilter {
  /** Case-insensitive text in id, agent, model or first prompt. */
  search?: string;
  /** Rows per page. Default 50. */
  limit?: number;
  /** Rows to skip. Default 0. */
  offset?: number;
}

/** One page of conversations, most recent activity first. */
export interface ConversationPage {
  conversations: ConversationSummary[];
  /** Conversations matching the query, all pages. */
  total: number;
}

/** The database file inside the data directory. */
export const STORE_FILE = 'convtrace.sqlite';

/**
 * The built-in receiver's store: SQLite (`node:sqlite`) in WAL mode under a data directory. Spans are
 * indexed by trace, time and conversation; the conversation list is kept as one row per conversation,
 * rebuilt from that conversation's spans when a write touches it, so listing never reads spans and
 * memory does not grow with the store. A batch is committed (fsynced) before {@link append} resolves.
 * Duplicates (same trace and span id) are ignored. Several processes may open the same directory.
 */
export class SpanStore {
  /** Path of the database file. */
  readonly file: string;
  /** The data directory. */
  readonly dataDir: string;
  /** What the one-time import of an old `spans.jsonl` did, when there was one. */
  imported: JsonlImportResult | undefined;
  private readonly db: DatabaseSync;
  private readonly insertSpan: StatementSync;
  private readonly tie: StatementSync;
  private readonly convsOfTrace: StatementSync;
  private readonly touch: StatementSync;
  private readonly count: StatementSync;
  private readonly spansOf: StatementSync;
  private readonly summaries: SummaryIndex;
  readonly _retention: Retention;
  readonly _summaryDelayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private lastRefreshMs = 0;
  private closed = false;

  private constructor(dataDir: string, options: SpanStoreOptions) {
    this.dataDir = dataDir;
    this.file = join(dataDir, STORE_FILE);
    this.db = new DatabaseSync(this.file);
    prepareDatabase(this.db, options.fsync ?? true);
    const db = this.db;
    this.insertSpan = db.prepare(
      'INSERT OR IGNORE INTO spans (trace_id, span_id, start_ms, end_ms, record) VALUES (?, ?, ?, ?, ?)',
    );
    this.tie = db.prepare(
      `INSERT INTO trace_conversations (conversation_id, trace_id, role) VALUES (?, ?, ?)
       ON CONFLICT (conversation_id, trace_id) DO UPDATE SET role = 'own' WHERE excluded.role = 'own'`,
    );
    this.convsOfTrace = db.prepare(
      'SELECT conversation_id AS id FROM trace_conversations WHERE trace_id = ?',
    );
    this.touch = db.prepare(
      `INSERT INTO conversations (id, start_ms, end_ms, dirty, version) VALUES (?, ?, ?, 1, 1)
       ON CONFLICT (id) DO UPDATE SET start_ms = min(start_ms, excluded.start_ms),
         end_ms = max(end_ms, excluded.end_ms), dirty = 1, version = version + 1`,
    );
    this.count = db.prepare('UPDATE meta SET spans = spans + ?, bytes = bytes + ? WHERE id = 1');
    this.spansOf = db.prepare(
      `SELECT s.record AS record FROM trace_conversations t JOIN spans s ON s.trace_id = t.trace_id
       WHERE t.conversation_id = ? ORDER BY s.seq`,
    );
    this.summaries = new SummaryIndex(db, (id) => this.conversationSpans(id));
    this._retention = new Retention(db, options.retention ?? {});
    this._summaryDelayMs = options.summaryDelayMs ?? 250;
  }

  /** Opens (or creates) the store in `dataDir`, importing an old `spans.jsonl` found there once. */
  static async open(options: SpanStoreOptions): Promise<SpanStore> {
    if (!options.dataDir) throw new InvalidArgumentError('dataDir', 'must not be empty');
    let store: SpanStore;
    try {
      mkdirSync(options.dataDir, { recursive: true });
      store = new SpanStore(options.dataDir, options);
    } catch (err) {
      throw new StoreError(join(options.dataDir, STORE_FILE), (err as Error).message, { cause: err });
    }
    store.imported = await importJsonl(join(options.dataDir, LEGACY_JSONL_FILE), (batch) => {
      store.insert(batch);
    });
    if (store.imported) {
      diag.info(`convtrace store: imported ${store.imported.read} spans from ${store.imported.movedTo}`);
      store.summaries.refresh();
    }
    return store;
  }

  /** Number of spans held. */
  get size(): number {
    return this._retention.totals().spans;
  }

  /**
   * Adds spans (duplicates by trace + span id are ignored); resolves with the number added, once
   * durable. A batch over its share of the store (`maxEvictShare`) is refused whole with
   * {@link BatchTooLargeError}.
   */
  async append(spans: readonly SpanRecord[]): Promise<number> {
    const added = this.insert(spans);
    if (added > 0) {
      this._retention.afterWrite();
      this.scheduleSummaries();
    }
    return added;
  }

  /** Every span of every trace of `conversationId` (and of runs forked from it), in arrival order. */
  conversationSpans(conversationId: string): SpanRecord[] {
    const rows = this.spansOf.all(conversationId) as Array<{ record: string }>;
    return rows.map((r) => JSON.parse(r.record) as SpanRecord);
  }

  /**
   * The newest `limit` spans of the store (default 10,000), oldest first — for tests and small
   * stores; a conversation is read with {@link conversationSpans}.
   */
  recentSpans(limit = 10_000): SpanRecord[] {
    const rows = this.db
      .prepare('SELECT record FROM (SELECT seq, record FROM spans ORDER BY seq DESC LIMIT ?) ORDER BY seq')
      .all(limit) as Array<{ record: string }>;
    return rows.map((r) => JSON.parse(r.record) as SpanRecord);
  }

  /** Ids of the traces tied to `conversationId`. */
  tracesOfConversation(conversationId: string): string[] {
    const rows = this.db
      .prepare('SELECT trace_id AS id FROM trace_conversations WHERE conversation_id = ? ORDER BY trace_id')
      .all(conversationId) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** One page of the conversation list (summaries still due are rebuilt first). */
  listConversations(query: ConversationQuery = {}): ConversationPage {
    this.summaries.refresh();
    return this.summaries.page(query.search, query.limit ?? 50, query.offset ?? 0, query);
  }

  /** Rebuilds the list rows of conversations changed since their last rebuild; returns how many. */
  refreshSummaries(): number {
    return this.summaries.refresh();
  }

  /** Applies retention now (it also runs after writes); returns what it removed. */
  enforceRetention(now = Date.now()): RetentionResult {
    return this._retention.enforce(now);
  }

  /** Waits for nothing: every {@link append} is committed when it resolves. Kept for callers that flush. */
  async flush(): Promise<void> {}

  /** Rebuilds pending summaries and closes the database. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    try {
      this.summaries.refresh();
    } finally {
      this.db.close();
    }
  }

  /**
   * Rebuilds changed list rows in the background. The delay grows with what the last rebuild cost
   * (10×), so a long conversation written to continuously is rebuilt every few seconds, not after
   * every batch: rebuilding stays under ~10% of the time while ingest runs.
   */
  private scheduleSummaries(): void {
    if (this.timer || this._summaryDelayMs < 0) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        if (this.closed) return;
        const t = performance.now();
        try {
          this.summaries.refresh();
        } catch (err) {
          diag.error('convtrace store: rebuilding conversation summaries failed', err);
        }
        this.lastRefreshMs = performance.now() - t;
      },
      Math.max(this._summaryDelayMs, 10 * this.lastRefreshMs),
    );
    this.timer.unref();
  }

  /** One transaction: spans, their conversation ties, the touched conversations, the counters. */
  private insert(spans: readonly SpanRecord[]): number {
    const db = this.db;
    db.exec('BEGIN IMMEDIATE');
    try {
      let added = 0;
      let bytes = 0;
      const traces = new Map<string, { start: number; end: number }>();
      const ties = new Set<string>();
      for (const s of spans) {
        const json = JSON.stringify(s);
        const start = nanosToMillis(s.startTimeUnixNano);
        const end = Math.max(start, nanosToMillis(s.endTimeUnixNano));
        if (this.insertSpan.run(s.traceId, s.spanId, start, end, json).changes === 0) continue;
        added++;
        bytes += json.length;
        const range = traces.get(s.traceId);
        if (!range) traces.set(s.traceId, { start, end });
        else {
          range.start = Math.min(range.start, start);
          range.end = Math.max(range.end, end);
        }
        const keys = conversationKeys(s.attributes);
        if (keys.length === 0) continue;
        const own = spanConversation(s.attributes).id;
        for (const k of keys) {
          // Most spans of a trace carry the same ids: one upsert per tie and batch.
          const role = k === own ? 'own' : 'origin';
          const tie = `${role}\u0000${k}\u0000${s.traceId}`;
          if (ties.has(tie)) continue;
          ties.add(tie);
          this.tie.run(k, s.traceId, role);
        }
      }
      const touched = new Map<string, { start: number; end: number }>();
      for (const [traceId, range] of traces) {
        for (const { id } of this.convsOfTrace.all(traceId) as Array<{ id: string }>) {
          const t = touched.get(id);
          if (!t) touched.set(id, { ...range });
          else {
            t.start = Math.min(t.start, range.start);
            t.end = Math.max(t.end, range.end);
          }
        }
      }
      for (const [id, range] of touched) this.touch.run(id, range.start, range.end);
      // Refused whole (rolled back below) when it would displace more than its share of the store.
      this._retention.admit(added, bytes);
      if (added > 0) this.count.run(added, bytes);
      db.exec('COMMIT');
      return added;
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
  }
}
