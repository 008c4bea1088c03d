import type { Attributes } from '@opentelemetry/api';
import { prepareRun } from '../conversation/prepare.ts';
import { InvalidArgumentError } from '../errors.ts';
import type { ModelMessage } from '../messages/types.ts';
import type { Model, ModelSettings } from '../models/model.ts';
import { agentRun } from '../run/agent-run.ts';
import type { RunContext } from '../run/context.ts';
import { ATTR_GEN_AI_PROVIDER_NAME, ATTR_GEN_AI_REQUEST_MODEL } from '../semconv/attributes.ts';
import { shouldCaptureContent } from '../semconv/content.ts';
import { Channel } from './channel.ts';
import type { AgentEvent } from './events.ts';
import { RunResult } from './result.ts';
import { runLoop } from './run-loop.ts';
import { StreamedRun } from './streamed-run.ts';
import { type Tool, toolDefinition } from './tool.ts';

/** Options of {@link Agent}. */
export interface AgentOptions {
  /** `gen_ai.agent.name`; default `agent`. */
  name?: string;
  /** `gen_ai.agent.description`. */
  description?: string;
  model: Model;
  /** Sent with every request (`instructions`); a function sees the run's ids. */
  instructions?: string | ((run: RunContext) => string);
  /** Sent once, as a system-prompt part, when a run starts without history. */
  systemPrompt?: string;
  tools?: Tool[];
  modelSettings?: ModelSettings;
  /** Stops runaway tool loops. Default 50. */
  maxModelRequests?: number;
  /** Record prompts/outputs/tool arguments on spans; default from `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT`. */
  captureMessageContent?: boolean;
}

/** Options of one run. */
export interface RunOptions {
  /** The history to continue; its newest `conversation_id` carries over. */
  messageHistory?: readonly ModelMessage[];
  /** Explicit conversation id, or `'new'` to fork the history into a new conversation. */
  conversationId?: string | null;
  /** Merged over the agent's settings for this run. */
  modelSettings?: ModelSettings;
  /** Cancels the run. */
  signal?: AbortSignal;
  /** Extra attributes for this run's `invoke_agent` span (e.g. a UI protocol's own run/thread ids). */
  spanAttributes?: Attributes;
}

/**
 * A small, real agent runner on top of {@link agentRun}: sends the prompt with the history to the
 * model, runs requested tools in `execute_tool` spans, repeats until the model answers with text.
 * Every message it produces carries the run's `run_id` and `conversation_id`.
 */
export class Agent {
  readonly name: string;
  readonly model: Model;
  private readonly options: AgentOptions;
  private readonly tools: ReadonlyMap<string, Tool>;

  constructor(options: AgentOptions) {
    if (!options?.model || typeof options.model.request !== 'function') {
      throw new InvalidArgumentError('model', 'must implement the Model interface');
    }
    const tools = new Map<string, Tool>();
    for (const t of options.tools ?? []) {
      if (tools.has(t.name)) throw new InvalidArgumentError('tools', `duplicate tool name '${t.name}'`);
      tools.set(t.name, t);
    }
    this.options = options;
    this.name = options.name ?? 'agent';
    this.model = options.model;
    this.tools = tools;
  }

  /** Runs to completion. `prompt` may be omitted to resume a history that ends with a request. */
  async run(prompt?: string | unknown[], options: RunOptions = {}): Promise<RunResult> {
    return this.execute(prompt, options, false, () => {}, new AbortController(), undefined);
  }

  /**
   * Runs with streaming. Returns at once: `runId` and `conversationId` are readable before any output.
   * Throws synchronously only for invalid options (nothing has started then).
   */
  runStream(prompt?: string | unknown[], options: RunOptions = {}): StreamedRun {
    const ids = prepareRun({
      agentName: this.name,
      conversationId: options.conversationId,
      messageHistory: options.messageHistory,
    });
    const channel = new Channel<AgentEvent>();
    const controller = new AbortController();
    const result = this.execute(
      prompt,
      { ...options, conversationId: ids.conversationId },
      true,
      (e) => channel.push(e),
      controller,
      ids.runId,
    );
    result.then(
      () => channel.close(),
      (err) => channel.fail(err),
    );
    return new StreamedRun({
      runId: ids.runId,
      conversationId: ids.conversationId,
      channel,
      result,
      cancel: (reason) => controller.abort(reason),
    });
  }

  private execute(
    prompt: string | unknown[] | undefined,
    options: RunOptions,
    stream: boolean,
    emit: (e: AgentEvent) => void,
    controller: AbortController,
    runId: string | undefined,
  ): Promise<RunResult> {
    const signal = options.signal;
    const onAbort = () => controller.abort(signal?.reason);
    if (signal?.aborted) controller.abort(signal.reason);
    else signal?.addEventListener('abort', onAbort, { once: true });
    const result = agentRun(
      {
        agentName: this.name,
        conversationId: options.conversationId,
        messageHistory: options.messageHistory,
        ...(runId ? { runId } : {}),
        ...(this.options.description ? { description: this.options.description } : {}),
        attributes: {
          [ATTR_GEN_AI_REQUEST_MODEL]: this.model.modelName,
          [ATTR_GEN_AI_PROVIDER_NAME]: this.model.system,
          ...options.spanAttributes,
        },
      },
      async (run) => {
        const instructions =
          typeof this.options.instructions === 'function'
            ? this.options.instructions(run)
            : (this.options.instructions ?? null);
        const out = await runLoop({
          model: this.model,
          instructions,
          systemPrompt: this.options.systemPrompt ?? null,
          tools: this.tools,
          params: { tools: [...this.tools.values()].map(toolDefinition) },
          settings: { ...this.options.modelSettings, ...options.modelSettings },
          maxModelRequests: this.options.maxModelRequests ?? 50,
          captureContent: shouldCaptureContent(this.options.captureMessageContent),
          prompt,
          history: options.messageHistory ?? [],
          run,
          stream,
          signal: controller.signal,
          emit,
        });
        return new RunResult({ ...out, runId: run.runId, conversationId: run.conversationId });
      },
    );
    // A long-lived signal must not keep a listener per finished run.
    result.then(
      () => signal?.removeEventListener('abort', onAbort),
      () => signal?.removeEventListener('abort', onAbort),
    );
    return result;
  }
}
