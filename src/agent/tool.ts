import { z } from 'zod';
import { ConvtraceError, InvalidArgumentError } from '../errors.ts';
import type { ModelMessage } from '../messages/types.ts';
import type { ToolDefinition } from '../models/model.ts';
import type { RunContext } from '../run/context.ts';

/** What a tool's `execute` receives besides its arguments. */
export interface ToolContext extends RunContext {
  /** The model's id for this call. */
  readonly toolCallId: string;
  /** How many times this tool was retried in this run so far. */
  readonly retry: number;
  /** The messages so far (read-only view). */
  readonly messages: readonly ModelMessage[];
  /** Aborts when the run is cancelled. */
  readonly signal: AbortSignal;
}

/** Throw from a tool to ask the model to try again with `message` (sent as a retry prompt). */
export class ModelRetry extends ConvtraceError {}

/** A function tool the agent can offer to the model. */
export interface Tool<Args = unknown, Result = unknown> {
  readonly name: string;
  readonly description?: string;
  readonly parameters: z.ZodType<Args>;
  /** How many retries (bad arguments, {@link ModelRetry}) are allowed before the run fails. Default 1. */
  readonly maxRetries: number;
  execute(args: Args, ctx: ToolContext): Promise<Result> | Result;
}

/** Options of {@link tool}. */
export interface ToolOptions<Args, Result> {
  name: string;
  description?: string;
  /** zod schema of the arguments object; sent to the model as JSON Schema. */
  parameters: z.ZodType<Args>;
  maxRetries?: number;
  execute(args: Args, ctx: ToolContext): Promise<Result> | Result;
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/** Defines a function tool. Runs in an `execute_tool {name}` span and sees the run's ids in `ctx`. */
export function tool<Args, Result>(options: ToolOptions<Args, Result>): Tool<Args, Result> {
  if (typeof options?.name !== 'string' || !TOOL_NAME.test(options.name)) {
    throw new InvalidArgumentError('tool.name', 'must be 1-64 characters of letters, digits, _ or -');
  }
  if (!(options.parameters instanceof z.ZodType)) {
    throw new InvalidArgumentError('tool.parameters', 'must be a zod schema');
  }
  if (typeof options.execute !== 'function')
    throw new InvalidArgumentError('tool.execute', 'must be a function');
  return {
    name: options.name,
    ...(options.description ? { description: options.description } : {}),
    parameters: options.parameters,
    maxRetries: options.maxRetries ?? 1,
    execute: options.execute,
  };
}

/** The definition a model receives for a tool. */
export function toolDefinition(t: Tool): ToolDefinition {
  const schema = z.toJSONSchema(t.parameters, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  delete schema.$schema;
  return {
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    parametersJsonSchema: schema,
  };
}
