import { ConvtraceError } from '../../errors.ts';

/** A span source (Jaeger, the local store) failed to answer. */
export class SpanSourceError extends ConvtraceError {
  /** HTTP status when the backend answered, otherwise undefined (e.g. connection refused). */
  readonly status: number | undefined;

  constructor(message: string, status?: number, options?: { cause?: unknown }) {
    super(message, options);
    this.status = status;
  }
}
