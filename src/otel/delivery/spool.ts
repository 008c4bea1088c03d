import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';

/** One unsent OTLP request body with its span count, as kept in memory and (optionally) on disk. */
export interface Batch {
  /** File name in the spool directory; also the order of sending. */
  id: string;
  body: Uint8Array;
  spans: number;
}

const SUFFIX = '.otlp.json';

/**
 * The on-disk copy of the exporter queue: one file per batch, written before the batch is accepted
 * and removed once delivered, so batches unsent at exit are sent by the next process using the dir.
 * One process per directory (two would both send the same files).
 */
export class Spool {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** The batches a previous process left, oldest first. File names carry the span count. */
  load(): Batch[] {
    const batches: Batch[] = [];
    for (const name of readdirSync(this.dir)
      .filter((n) => n.endsWith(SUFFIX))
      .sort()) {
      try {
        const spans = Number.parseInt(name.split('-')[2] ?? '', 10);
        batches.push({ id: name, body: readFileSync(join(this.dir, name)), spans: spans > 0 ? spans : 0 });
      } catch (err) {
        diag.warn(`convtrace: unreadable spool file ${name} skipped`, err);
      }
    }
    return batches;
  }

  /** A new batch id that sorts after every earlier one (also across restarts). */
  nextId(seq: number, spans: number): string {
    return `${Date.now().toString().padStart(15, '0')}-${seq.toString().padStart(9, '0')}-${spans}${SUFFIX}`;
  }

  /** Writes atomically (temp file + rename): a crash never leaves half a batch. */
  write(batch: Batch): void {
    const tmp = join(this.dir, `.${batch.id}.tmp`);
    writeFileSync(tmp, batch.body);
    renameSync(tmp, join(this.dir, batch.id));
  }

  remove(id: string): void {
    rmSync(join(this.dir, id), { force: true });
  }
}
