import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { diag } from '@opentelemetry/api';
import { BatchTooLargeError } from './errors.ts';

/** Retention of the built-in store. Whole conversations go, oldest last activity first. */
export interface RetentionOptions {
  /** Conversations (and traces without one) whose last span ended longer ago are removed. Default 0: no age limit. */
  maxAgeMs?: number;
  /** Above this many spans, remove until below `lowWater` of it. Default none. */
  maxSpans?: number;
  /** Above this many bytes of span JSON, remove until below `lowWater` of it. Default 1 GiB. */
  maxBytes?: number;
  /** Hysteresis: a size limit, once hit, removes down to this fraction of it. Default 0.9. */
  lowWater?: number;
  /**
   * Largest share of the store one write may displace: retention a write triggers removes at most
   * this fraction of the conversations held (at least one), and a batch bigger than this fraction of
   * a size limit is refused ({@link BatchTooLargeError}). Default 0.1.
   */
  maxEvictShare?: number;
}

/** What one retention pass removed. */
export interface RetentionResult {
  conversations: number;
  spans: number;
}

const AGE_CHECK_EVERY_MS = 60_000;

/**
 * Retention by age and by size. Size is checked after every write against counters kept in `meta`
 * (no scan); once over a limit, the oldest conversations are removed until the store is under
 * `lowWater` × the limit, so a store at its limit is not trimmed on every write. Traces tied to no
 * conversation (e.g. children that arrived before their root) go first, oldest first.
 */
export class Retention {
  private readonly db: DatabaseSync;
  readonly _maxAgeMs: number;
  readonly _maxSpans: number;
  readonly _maxBytes: number;
  readonly _lowWater: number;
  readonly _maxEvictShare: number;
  readonly _totals: StatementSync;
  private lastAgeCheck = 0;
  private readonly statements = new Map<string, StatementSync>();
  /** Removed since open (reported through diag as they happen). */
  readonly removed: RetentionResult = { conversations: 0, spans: 0 };

  constructor(db: DatabaseSync, o: RetentionOptions) {
    this.db = db;
    this._maxAgeMs = o.maxAgeMs ?? 0;
    this._maxSpans = o.maxSpans ?? Number.POSITIVE_INFINITY;
    this._maxBytes = o.maxBytes ?? 1024 ** 3;
    this._lowWater = Math.min(1, Math.max(0, o.lowWater ?? 0.9));
    this._maxEvictShare = Math.min(1, Math.max(0, o.maxEvictShare ?? 0.1));
    this._totals = db.prepare('SELECT spans, bytes FROM meta WHERE id = 1');
  }

  /** Spans and bytes held. */
  totals(): { spans: number; bytes: number } {
    const t = this._totals.get() as { spans: number; bytes: number };
    return { spans: Number(t.spans), bytes: Number(t.bytes) };
  }

  /** Called inside a write's transaction: throws {@link BatchTooLargeError} for a batch over its share. */
  admit(spans: number, bytes: number): void {
    const share = this._maxEvictShare;
    const maxSpans = Math.floor(this._maxSpans * share);
    const maxBytes = Math.floor(this._maxBytes * share);
    if (spans > maxSpans) throw new BatchTooLargeError('maxSpans', maxSpans, spans, share);
    if (bytes > maxBytes) throw new BatchTooLargeError('maxBytes', maxBytes, bytes, share);
  }

  /**
   * Called after each write: trims when over a size limit or when an age check is due. Size trimming
   * removes at most `maxEvictShare` of the conversations, so one write never empties the store; what
   * is left over the limit goes with the next writes.
   */
  afterWrite(now = Date.now()): void {
    const t = this.totals();
    const ageDue = this._maxAgeMs > 0 && now - this.lastAgeCheck >= AGE_CHECK_EVERY_MS;
    if (ageDue || t.spans > this._maxSpans || t.bytes > this._maxBytes) {
      const held = (this.sql('SELECT count(*) AS n FROM conversations').get() as { n: number }).n;
      this.enforce(now, Math.max(1, Math.floor(Number(held) * this._maxEvictShare)));
    }
  }

  /** One pass: by age, then by size (with hysteresis), removing at most `maxConversations` for size. */
  enforce(now = Date.now(), maxConversations = Number.POSITIVE_INFINITY): RetentionResult {
    const out: RetentionResult = { conversations: 0, spans: 0 };
    if (this._maxAgeMs > 0) {
      this.lastAgeCheck = now;
      const cutoff = now - this._maxAgeMs;
      this.removeOrphans(cutoff, Number.POSITIVE_INFINITY, out);
      for (;;) {
        const old = this.sql('SELECT id FROM conversations WHERE end_ms < ? ORDER BY end_ms LIMIT 100').all(
          cutoff,
        ) as Array<{ id: string }>;
        if (old.length === 0) break;
        this.tx(() => {
          for (const { id } of old) this.removeConversation(id, out);
        });
      }
    }
    const over = (t: { spans: number; bytes: number }, f: number) =>
      t.spans > this._maxSpans * f || t.bytes > this._maxBytes * f;
    if (over(this.totals(), 1)) {
      this.removeOrphans(Number.POSITIVE_INFINITY, this._lowWater, out);
      // One transaction (one fsync) per 100 conversations removed, not one each.
      let budget = maxConversations;
      let done = false;
      while (!done) {
        this.tx(() => {
          for (let k = 0; k < 100 && !done; k++) {
            const oldest = this.sql('SELECT id FROM conversations ORDER BY end_ms LIMIT 1').get() as
              | { id: string }
              | undefined;
            done = !over(this.totals(), this._lowWater) || budget <= 0 || !oldest;
            if (done) return;
            budget--;
            this.removeConversation(oldest!.id, out);
          }
        });
      }
      if (budget <= 0 && over(this.totals(), 1))
        diag.warn(
          `convtrace store: still over its size limit after removing ${maxConversations} conversations (the maxEvictShare of one write); the next writes remove more`,
        );
    }
    if (out.spans > 0) {
      this.removed.conversations += out.conversations;
      this.removed.spans += out.spans;
      diag.info(`convtrace store: retention removed ${out.conversations} conversations, ${out.spans} spans`);
    }
    return out;
  }

  /** Removes spans of traces tied to no conversation that ended before `cutoff` (oldest first, down to `fraction` of the size limits). */
  private removeOrphans(cutoff: number, fraction: number, out: RetentionResult): void {
    const pick = this.sql(
      `SELECT seq, length(record) AS len FROM spans WHERE end_ms < ?
         AND NOT EXISTS (SELECT 1 FROM trace_conversations t WHERE t.trace_id = spans.trace_id)
       ORDER BY end_ms LIMIT 1000`,
    );
    const del = this.sql('DELETE FROM spans WHERE seq = ?');
    for (;;) {
      if (fraction !== Number.POSITIVE_INFINITY) {
        const t = this.totals();
        if (t.spans <= this._maxSpans * fraction && t.bytes <= this._maxBytes * fraction) return;
      }
      const rows = pick.all(cutoff) as Array<{ seq: number; len: number }>;
      if (rows.length === 0) return;
      this.tx(() => {
        let bytes = 0;
        for (const r of rows) {
          del.run(r.seq);
          bytes += Number(r.len);
        }
        this.count(-rows.length, -bytes);
      });
      out.spans += rows.length;
    }
  }

  /** Removes a conversation, the spans of its own traces, and their ties (other conversations sharing a trace are marked for a rebuild); inside the caller's transaction. */
  private removeConversation(id: string, out: RetentionResult): void {
    const traces = this.sql(
      "SELECT trace_id AS t FROM trace_conversations WHERE conversation_id = ? AND role = 'own'",
    ).all(id) as Array<{ t: string }>;
    for (const { t } of traces) {
      const c = this.sql(
        'SELECT count(*) AS n, total(length(record)) AS b FROM spans WHERE trace_id = ?',
      ).get(t) as { n: number; b: number };
      this.sql('DELETE FROM spans WHERE trace_id = ?').run(t);
      this.sql(
        `UPDATE conversations SET dirty = 1, version = version + 1 WHERE id IN
             (SELECT conversation_id FROM trace_conversations WHERE trace_id = ? AND conversation_id != ?)`,
      ).run(t, id);
      this.sql('DELETE FROM trace_conversations WHERE trace_id = ?').run(t);
      this.count(-Number(c.n), -Number(c.b));
      out.spans += Number(c.n);
    }
    this.sql('DELETE FROM trace_conversations WHERE conversation_id = ?').run(id);
    this.sql('DELETE FROM conversations WHERE id = ?').run(id);
    out.conversations++;
  }

  /** A prepared statement, made once: preparing per call leaves native statements for the GC to find (RSS grows). */
  private sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  private count(spans: number, bytes: number): void {
    this.sql('UPDATE meta SET spans = spans + ?, bytes = bytes + ? WHERE id = 1').run(spans, bytes);
  }

  private tx(fn: () => void): void {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      fn();
      this.db.exec('COMMIT');
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }
}
