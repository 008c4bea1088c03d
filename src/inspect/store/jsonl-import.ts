import { createReadStream } from 'node:fs';
import { rename, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { diag } from '@opentelemetry/api';
import type { SpanRecord } from '../model/span-record.ts';

/** The file the JSONL store (before the SQLite one) kept its spans in. */
export const LEGACY_JSONL_FILE = 'spans.jsonl';

/** What a one-time import of `spans.jsonl` did. */
export interface JsonlImportResult {
  /** Spans read from the file (duplicates included). */
  read: number;
  /** Lines that were not a span (e.g. a torn last line after a crash), skipped. */
  skipped: number;
  /** Where the imported file was moved (so it is imported once). */
  movedTo: string;
}

/**
 * Reads an old `spans.jsonl` (one span record a line) in batches into `insert`, then renames it to
 * `spans.jsonl.imported`. Returns undefined when there is no such file. Unreadable lines are skipped
 * and counted; a crash mid-import just imports again (the store ignores duplicates).
 */
export async function importJsonl(
  file: string,
  insert: (batch: SpanRecord[]) => void,
  batchSize = 2000,
): Promise<JsonlImportResult | undefined> {
  try {
    await stat(file);
  } catch {
    return undefined;
  }
  let read = 0;
  let skipped = 0;
  let batch: SpanRecord[] = [];
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let rec: SpanRecord | undefined;
    try {
      rec = JSON.parse(line) as SpanRecord;
    } catch {
      rec = undefined;
    }
    if (typeof rec?.traceId !== 'string' || typeof rec.spanId !== 'string' || !rec.attributes) {
      skipped++;
      continue;
    }
    read++;
    batch.push(rec);
    if (batch.length >= batchSize) {
      insert(batch);
      batch = [];
    }
  }
  if (batch.length > 0) insert(batch);
  const movedTo = `${file}.imported`;
  await rename(file, movedTo);
  if (skipped > 0) diag.warn(`convtrace store: skipped ${skipped} unreadable line(s) of ${file}`);
  return { read, skipped, movedTo };
}
