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

/**
 * A batch bigger than the share of the store one write may claim (`maxEvictShare` of a size limit):
 * storing it would evict more than that share of what is held, so it is refused whole.
 */
export class BatchTooLargeError extends ConvtraceError {
  /** The size limit the share is taken of: `maxSpans` or `maxBytes`. */
  readonly limit: 'maxSpans' | 'maxBytes';
  /** Largest batch admitted (spans or bytes). */
  readonly max: number;
  /** The batch (spans or bytes). */
  readonly actual: number;

  constructor(limit: 'maxSpans' | 'maxBytes', max: number, actual: number, share: number) {
    const unit = limit === 'maxSpans' ? 'spans' : 'bytes of span JSON';
    super(
      `a batch of ${actual} ${unit} is over the ${max} one write may add (maxEvictShare ${share} of ${limit})`,
    );
    this.limit = limit;
    this.max = max;
    this.actual = actual;
  }
}
