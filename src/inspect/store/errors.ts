import { ConvtraceError } from '../../errors.ts';

/** The store's database could not be opened or read (e.g. not a SQLite file, no permission). */
export class StoreError extends ConvtraceError {
  /** The database file. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`cannot use the store ${file}: ${message}`, options);
    this.file = file;
  }
}
