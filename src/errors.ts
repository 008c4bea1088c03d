/**
 * Typed errors convtrace throws at its public boundaries. Every one names what was wrong, so a bad
 * history or option never surfaces as an opaque `TypeError` deep inside a run.
 */

/** Base class of every error convtrace throws on purpose. */
export class ConvtraceError extends Error {
  override readonly name: string = 'ConvtraceError';
}

/** A message history (or one message) failed validation. `path` names the first bad field. */
export class MessageValidationError extends ConvtraceError {
  override readonly name = 'MessageValidationError';
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
  override readonly name = 'InvalidArgumentError';
  /** The option or argument that was rejected, e.g. `conversationId`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(`invalid ${field}: ${message}`);
    this.field = field;
  }
}

/** The caller combined settings that cannot work together (pydantic-ai's `UserError`). */
export class UserError extends ConvtraceError {
  override readonly name = 'UserError';
}

/** An agent run went over a limit (model requests, tool calls) meant to stop runaway loops. */
export class UsageLimitExceededError extends ConvtraceError {
  override readonly name = 'UsageLimitExceededError';
}

/** The model returned something the agent cannot act on (unknown tool, bad arguments after retries). */
export class UnexpectedModelBehaviorError extends ConvtraceError {
  override readonly name = 'UnexpectedModelBehaviorError';
}
