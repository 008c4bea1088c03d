/**
 * The inspector's store before issue 14 (commit 94001f3), kept verbatim for bench/inspect-store.ts to
 * measure side by side with the SQLite store. Not part of the package.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { diag } from '@opentelemetry/api';
import {
  ATTR_CONVTRACE_HISTORY_CONVERSATION_ID,
  ATTR_GEN_AI_CONVERSATION_ID,
} from '../../src/conversation/keys.ts';
import type { SpanRecord } from '../../src/inspect/model/span-record.ts';

/** Options of {@link SpanStore.open}. */
export interface SpanStoreOptions {
  /** Directory holding `spans.jsonl`; created when missing. */
  dataDir: string;
  /** Oldest traces are dropped (and the file compacted) past this many spans. Default 200,000. */
  maxSpans?: number;
}

const FILE_NAME = 'spans.jsonl';

/**
 * The built-in receiver's persistent store: an append-only JSONL file (one {@link SpanRecord} a line)
 * under a data directory, loaded into memory on open and indexed by trace and by conversation id.
 * A torn last line (crash mid-write) is skipped on load. Past `maxSpans` the oldest traces are dropped
 * and the file is rewritten atomically (write to a temp file, then rename).
 */
export class SpanStore {
  /** Path of the JSONL file. */
  readonly file: string;
  readonly #maxSpans: number;
  readonly #traces = new Map<string, SpanRecord[]>();
  readonly #seen = new Set<string>();
  readonly #byConversation = new Map<string, Set<string>>();
  #count = 0;
  #writes: Promise<void> = Promise.resolve();

  private constructor(file: string, maxSpans: number) {
    this.file = file;
    this.#maxSpans = maxSpans;
  }

  /** Opens (or creates) the store in `dataDir` and loads what it holds. */
  static async open(options: SpanStoreOptions): Promise<SpanStore> {
    await mkdir(options.dataDir, { recursive: true });
    const store = new SpanStore(join(options.dataDir, FILE_NAME), options.maxSpans ?? 200_000);
    await store.#load();
    return store;
  }

  /** Number of spans held. */
  get size(): number {
    return this.#count;
  }

  /** Adds spans (duplicates by trace + span id are ignored) and persists them. Resolves once written. */
  async append(spans: readonly SpanRecord[]): Promise<number> {
    const fresh = spans.filter((s) => this.#index(s));
    if (fresh.length === 0) return 0;
    const text = `${fresh.map((s) => JSON.stringify(s)).join('\n')}\n`;
    const compact = this.#count > this.#maxSpans;
    if (compact) this.#evict();
    const write = this.#writes.then(() => (compact ? this.#rewrite() : appendFile(this.file, text)));
    this.#writes = write.catch(() => undefined);
    await write;
    return fresh.length;
  }

  /** Every span, grouped by trace in insertion order. */
  all(): SpanRecord[] {
    const out: SpanRecord[] = [];
    for (const spans of this.#traces.values()) out.push(...spans);
    return out;
  }

  /** Spans of one trace. */
  trace(traceId: string): readonly SpanRecord[] {
    return this.#traces.get(traceId) ?? [];
  }

  /** Ids of the traces holding a span of `conversationId`, or a run forked from it. */
  tracesOfConversation(conversationId: string): string[] {
    return [...(this.#byConversation.get(conversationId) ?? [])];
  }

  /** Waits for pending writes. */
  async flush(): Promise<void> {
    await this.#writes;
  }

  #index(span: SpanRecord): boolean {
    const key = `${span.traceId}/${span.spanId}`;
    if (this.#seen.has(key)) return false;
    this.#seen.add(key);
    let list = this.#traces.get(span.traceId);
    if (!list) {
      list = [];
      this.#traces.set(span.traceId, list);
    }
    list.push(span);
    this.#count++;
    for (const attr of [ATTR_GEN_AI_CONVERSATION_ID, ATTR_CONVTRACE_HISTORY_CONVERSATION_ID]) {
      const conv = span.attributes[attr];
      if (typeof conv !== 'string') continue;
      let set = this.#byConversation.get(conv);
      if (!set) {
        set = new Set();
        this.#byConversation.set(conv, set);
      }
      set.add(span.traceId);
    }
    return true;
  }

  #evict(): void {
    for (const [traceId, spans] of this.#traces) {
      if (this.#count <= this.#maxSpans) break;
      this.#traces.delete(traceId);
      this.#count -= spans.length;
      for (const s of spans) this.#seen.delete(`${s.traceId}/${s.spanId}`);
      for (const set of this.#byConversation.values()) set.delete(traceId);
    }
  }

  async #rewrite(): Promise<void> {
    const tmp = `${this.file}.tmp`;
    await writeFile(
      tmp,
      this.all()
        .map((s) => `${JSON.stringify(s)}\n`)
        .join(''),
    );
    await rename(tmp, this.file);
  }

  async #load(): Promise<void> {
    let lineNo = 0;
    try {
      const lines = createInterface({
        input: createReadStream(this.file),
        crlfDelay: Number.POSITIVE_INFINITY,
      });
      for await (const line of lines) {
        lineNo++;
        if (line.trim() === '') continue;
        try {
          const rec = JSON.parse(line) as SpanRecord;
          if (typeof rec?.traceId === 'string' && typeof rec.spanId === 'string' && rec.attributes)
            this.#index(rec);
        } catch {
          diag.warn(`convtrace store: skipping unreadable line ${lineNo} of ${this.file}`);
        }
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (this.#count > this.#maxSpans) {
      this.#evict();
      await this.#rewrite();
    }
  }
}
