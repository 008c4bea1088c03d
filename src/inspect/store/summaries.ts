import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { type ConversationSummary, summarize } from '../model/conversation-list.ts';
import { assembleConversation } from '../model/conversation-model.ts';
import type { ListFilter } from '../model/list-filter.ts';
import type { SpanRecord } from '../model/span-record.ts';
import { filterClauses, likePattern } from './list-filter-sql.ts';

/** Text searched by the list's filter: id, agents, models, first prompt (lowercase). */
function searchText(row: ConversationSummary): string {
  return [row.id, ...row.agents, ...row.models, row.firstPrompt ?? ''].join('\n').toLowerCase();
}

/**
 * The conversation list kept in the `conversations` table: rows marked dirty by a write are rebuilt
 * from that conversation's spans only; a row changed again while it was being rebuilt (by another
 * process) stays dirty (`version` check). Pages are read with an index on last activity.
 */
export class SummaryIndex {
  private readonly db: DatabaseSync;
  private readonly spansOf: (id: string) => SpanRecord[];
  private readonly dirty: StatementSync;
  private readonly save: StatementSync;

  constructor(db: DatabaseSync, spansOf: (id: string) => SpanRecord[]) {
    this.db = db;
    this.spansOf = spansOf;
    this.dirty = db.prepare('SELECT id, version FROM conversations WHERE dirty = 1 LIMIT 256');
    this.save = db.prepare(
      `UPDATE conversations SET summary = ?, search = ?, start_ms = coalesce(?, start_ms),
         end_ms = coalesce(?, end_ms), dirty = 0 WHERE id = ? AND version = ?`,
    );
  }

  /** Rebuilds every dirty row; returns how many were rebuilt. */
  refresh(): number {
    let done = 0;
    for (;;) {
      const due = this.dirty.all() as Array<{ id: string; version: number }>;
      if (due.length === 0) return done;
      let saved = 0;
      this.db.exec('BEGIN IMMEDIATE');
      try {
        for (const { id, version } of due) {
          const c = assembleConversation(this.spansOf(id), id);
          const row = c && c.turns.length > 0 ? summarize(c) : undefined;
          const r = this.save.run(
            row ? JSON.stringify(row) : null,
            row ? searchText(row) : null,
            c ? c.startMs : null,
            c ? c.endMs : null,
            id,
            version,
          );
          saved += Number(r.changes);
        }
        this.db.exec('COMMIT');
      } catch (err) {
        this.db.exec('ROLLBACK');
        throw err;
      }
      done += saved;
      if (saved === 0) return done; // all changed meanwhile by another writer: it will mark them again
    }
  }

  /** One page, most recent activity first. */
  page(
    search: string | undefined,
    limit: number,
    offset: number,
    filter: ListFilter = {},
  ): {
    conversations: ConversationSummary[];
    total: number;
  } {
    const q = search?.trim();
    const clauses = filterClauses(filter);
    const where = [
      q ? "summary IS NOT NULL AND search LIKE ? ESCAPE '\\'" : 'summary IS NOT NULL',
      ...clauses.where,
    ].join(' AND ');
    const params: Array<string | number> = [...(q ? [likePattern(q)] : []), ...clauses.params];
    const total = (
      this.db.prepare(`SELECT count(*) AS n FROM conversations WHERE ${where}`).get(...params) as {
        n: number;
      }
    ).n;
    const rows = this.db
      .prepare(`SELECT summary FROM conversations WHERE ${where} ORDER BY end_ms DESC, id LIMIT ? OFFSET ?`)
      .all(...params, limit, offset) as Array<{ summary: string }>;
    return { conversations: rows.map((r) => JSON.parse(r.summary) as ConversationSummary), total };
  }
}
