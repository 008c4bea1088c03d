/**
 * Typed errors convtrace throws at its public boundaries. Every one names what was wrong, so a bad
 * history or option never surfaces as an opaque `TypeError` deep inside a run.
 */

/**
 * Base class of every error convtrace throws on purpose. It names itself once: `name` is the class
 * of the error actually constructed (`new.target`), so subclasses never set it and `error.type` on a
 * span is always the class name.
 */
export class ConvtraceError extends Error {
  constructor(message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A message history (or one message) failed validation. `path` names the first bad field. */
export class MessageValidationError extends ConvtraceError {
  /** JSON path of the first bad field, e.g. `[0].parts[1].content`. */
  readonly path: string;
  /** Every issue found, path and message each. */
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(path: string, message: string, issues: ReadonlyArray<{ path: string; message: string }> = []) {
    super(`invalid message history at ${path || '<root>'}: ${message}`);
    this.path = path;
    this.issues = issues.length > 0 ? issues : [{ path, message }];
  }
}

/** An option or argument given to a public function is invalid. `field` names it. */
export class InvalidArgumentError extends ConvtraceError {
  /** The option or argument that was rejected, e.g. `conversationId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`invalid ${field}: ${message}`);
    this.field = field;
  }
}

/** The caller combined settings that cannot work together (pydantic-ai's `UserError`). */
export class UserError extends ConvtraceError {}

/** An agent run went over a limit (model requests, tool calls) meant to stop runaway loops. */
export class UsageLimitExceededError extends ConvtraceError {}

/** The model returned something the agent cannot act on (unknown tool, bad arguments after retries). */
export class UnexpectedModelBehaviorError extends ConvtraceError {}

/**
 * An HTTP request that cannot be served — the one HTTP error type of every endpoint convtrace serves
 * (UI adapters, OTLP receiver). It becomes an error response with `status`; `field` names the part
 * of the request at fault (e.g. `messages[1].role`, or `body` for the body as a whole).
 */
export class RequestError extends ConvtraceError {
  /** HTTP status to answer with. */
  readonly status: number;
  /** The request field at fault. */
  readonly field: string;

  constructor(status: number, field: string, message: string) {
    super(message);
    this.status = status;
    this.field = field;
  }
}
