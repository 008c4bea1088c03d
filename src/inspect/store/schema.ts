import type { DatabaseSync } from 'node:sqlite';

/**
 * The store's tables. `spans` holds each span once (JSON record; id, trace and time as columns);
 * `trace_conversations` ties traces to conversations (`own`: a span of the trace names the
 * conversation; `origin`: a forked run names it as its history's conversation); `conversations` holds
 * one row per conversation with its time range and the list row, maintained on write: a write marks
 * the row `dirty` (and bumps `version`), the summary is rebuilt from that conversation's spans only.
 * `meta` keeps the span count and bytes for retention without scanning.
 */
export const SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS spans (
  seq INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  record TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS spans_by_trace ON spans(trace_id, span_id);
CREATE INDEX IF NOT EXISTS spans_by_end ON spans(end_ms);
CREATE TABLE IF NOT EXISTS trace_conversations (
  conversation_id TEXT NOT NULL,
  trace_id TEXT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (conversation_id, trace_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS conversations_by_trace ON trace_conversations(trace_id);
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  dirty INTEGER NOT NULL DEFAULT 1,
  version INTEGER NOT NULL DEFAULT 0,
  summary TEXT,
  search TEXT
);
CREATE INDEX IF NOT EXISTS conversations_by_end ON conversations(end_ms);
CREATE INDEX IF NOT EXISTS conversations_dirty ON conversations(dirty) WHERE dirty = 1;
CREATE TABLE IF NOT EXISTS meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER NOT NULL,
  spans INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  jsonl_imported INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO meta (id, schema_version) VALUES (1, ${SCHEMA_VERSION});
`;

/**
 * Applies the connection settings and creates the tables. WAL lets readers (the CLI) run while the
 * receiver writes; `busy_timeout` waits for another process's write. With `fsync` (the default,
 * `synchronous = FULL`) a committed batch survives a crash of the process, the OS or the power —
 * what the receiver's 200 promises. Without it (`NORMAL`) a commit survives the process being killed
 * but the last batches may be lost to an OS crash or power loss; ingest is about twice as fast.
 */
export function prepareDatabase(db: DatabaseSync, fsync = true): void {
  db.exec('PRAGMA busy_timeout = 10000');
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${fsync ? 'FULL' : 'NORMAL'}`);
  db.exec('PRAGMA foreign_keys = OFF');
  db.exec(DDL);
}
