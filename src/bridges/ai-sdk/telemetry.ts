import { type EnrichSpan, OpenTelemetry, type OpenTelemetryOptions } from '@ai-sdk/otel';
import {
  type Attributes,
  type Context,
  context,
  diag,
  propagation,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { runAttributesFromBaggage, withRunBaggage } from '../../conversation/baggage.ts';
import {
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
} from '../../conversation/keys.ts';
import { type PreparedRun, prepareRun } from '../../conversation/prepare.ts';

/** A call's ids; a call joining an enclosing run knows no turn index (that run's span has it). */
type RunIds = Omit<PreparedRun, 'turnIndex'>;

import { shouldCaptureContent } from '../../semconv/content.ts';
import { setRunIdAliases } from '../../semconv/stability.ts';
import { historyLinksOf } from './history.ts';

/** Options of {@link ConvtraceTelemetry}: `@ai-sdk/otel`'s options plus the default agent name. */
export interface ConvtraceTelemetryOptions extends OpenTelemetryOptions {
  /**
   * `gen_ai.agent.name` of runs started outside any run when the call sets no
   * `telemetry.functionId`; default `'agent'`.
   */
  agentName?: string;
  /** Most calls tracked at once (a call is forgotten when it ends); default 10 000. */
  maxOpenCalls?: number;
  /**
   * Record prompts, outputs, tool arguments and results on spans for calls that do not say so
   * themselves (`telemetry: { recordInputs, recordOutputs }`). Default: only with
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true` — unlike `@ai-sdk/otel`, which records
   * them unless told not to.
   */
  captureContent?: boolean;
}

type StartEvent = Parameters<OpenTelemetry['onStart']>[0];
type EndEvent = Parameters<OpenTelemetry['onEnd']>[0];
type AbortEvent = Parameters<OpenTelemetry['onAbort']>[0];
type ExecuteToolOptions<T> = Parameters<OpenTelemetry['executeTool']>[0] & {
  execute: () => PromiseLike<T>;
};
type ExecuteModelCallOptions<T> = Parameters<OpenTelemetry['executeLanguageModelCall']>[0] & {
  execute: () => PromiseLike<T>;
};

/**
 * Looks the `gen_ai` tracer up at each span start. A tracer taken once at construction would be
 * dead if the app registers (or re-registers, as `setupTracing` does) its provider later — and
 * @ai-sdk/otel's default one comes from its own bundled @opentelemetry/api copy, whose proxy never
 * learns of a provider registered through the app's copy. So the integration may be registered
 * before or after tracing is set up.
 */
const lateBoundTracer: Tracer = {
  startSpan: (name, options, ctx) => trace.getTracer('gen_ai').startSpan(name, options, ctx),
  startActiveSpan: ((...args: Parameters<Tracer['startActiveSpan']>) =>
    (trace.getTracer('gen_ai').startActiveSpan as (...a: unknown[]) => unknown)(
      ...args,
    )) as Tracer['startActiveSpan'],
};

/** A call in progress: its run's ids and, from `chatRun`, the turn it continues. */
interface TrackedCall {
  ids: RunIds;
  history: Attributes | undefined;
}

/** AI SDK operations that are agent runs (`invoke_agent` spans); embeds and reranks only join one. */
const RUN_OPERATIONS = new Set([
  'ai.generateText',
  'ai.streamText',
  'ai.generateObject',
  'ai.streamObject',
  'ai.workflowAgent.stream',
]);

/**
 * The AI SDK telemetry integration that makes every `generateText` / `streamText` /
 * `generateObject` / agent call a convtrace run, with no wrapper around the call. It is
 * `@ai-sdk/otel`'s `OpenTelemetry` integration (same spans, same options) plus run identity:
 *
 * - a call made inside a run (`chatRun`, `agentRun`, a convtrace `Agent` tool, or a request whose
 *   `baggage` header carries a run) joins that run: its ids are the run's;
 * - any other call is a new run: a fresh run id, the conversation id from the `baggage` of the
 *   active context if there is one, else a fresh one; the agent name is the call's
 *   `telemetry.functionId`, else {@link ConvtraceTelemetryOptions.agentName}.
 *
 * The three ids are set on every AI SDK span through the integration's `enrichSpan` hook (a
 * caller's `enrichSpan` runs first and cannot overwrite them), and put in W3C baggage for the work
 * the call does — tool executions and provider calls run in it (the `executeTool` /
 * `executeLanguageModelCall` hooks) — so spans and HTTP calls made there carry them, also downstream.
 *
 * ```ts
 * import { registerTelemetry } from 'ai';
 * registerTelemetry(new ConvtraceTelemetry({ agentName: 'support' }));
 * ```
 *
 * Prompts and outputs stay off the spans unless {@link ConvtraceTelemetryOptions.captureContent}
 * (or the call's own `telemetry.recordInputs` / `recordOutputs`) turns them on.
 */
export class ConvtraceTelemetry extends OpenTelemetry {
  private readonly runs = new Map<string, TrackedCall>();
  private readonly agentName: string;
  private readonly maxOpenCalls: number;
  private readonly captureContent: boolean;
  private droppedCalls = 0;

  constructor(options: ConvtraceTelemetryOptions = {}) {
    const { agentName, maxOpenCalls, captureContent, enrichSpan, ...rest } = options;
    super({
      ...rest,
      tracer: rest.tracer ?? (lateBoundTracer as NonNullable<OpenTelemetryOptions['tracer']>),
      // Called only when a span starts, long after construction, so `this` is bound by then.
      enrichSpan: (info) => {
        const own = this.spanAttributes(info.callId, info.spanType);
        const theirs = enrichSpan?.(info);
        // Their `Attributes` type is @ai-sdk/otel's own @opentelemetry/api copy; the values are strings.
        return own ? ({ ...theirs, ...own } as ReturnType<EnrichSpan>) : theirs;
      },
    });
    this.agentName = prepareRun({ agentName: agentName ?? 'agent' }).agentName;
    this.maxOpenCalls = maxOpenCalls ?? 10_000;
    this.captureContent = shouldCaptureContent(captureContent);
  }

  /** The ids of an AI SDK call in progress (its `callId` as in telemetry events), if it is tracked. */
  idsOf(callId: string): Readonly<RunIds> | undefined {
    return this.runs.get(callId)?.ids;
  }

  override onStart(event: StartEvent): void {
    try {
      const ctx = context.active();
      const ids = this.resolve(event, ctx);
      if (ids) this.track(event.callId, { ids, history: historyLinksOf(ctx) });
    } catch (err) {
      // Instrumentation never throws into the app: the call goes on without ids.
      diag.error('convtrace: resolving the ids of an AI SDK call failed', err);
    }
    // @ai-sdk/otel reads the content switches of the whole call from its start event.
    super.onStart({
      ...event,
      recordInputs: event.recordInputs ?? this.captureContent,
      recordOutputs: event.recordOutputs ?? this.captureContent,
    });
  }

  override onEnd(event: EndEvent): void {
    try {
      super.onEnd(event);
    } finally {
      this.runs.delete(event.callId);
    }
  }

  override onAbort(event: AbortEvent): void {
    try {
      super.onAbort(event);
    } finally {
      this.runs.delete(event.callId);
    }
  }

  override onError(error: unknown): void {
    try {
      super.onError(error);
    } finally {
      const callId = (error as { callId?: unknown } | null)?.callId;
      if (typeof callId === 'string') this.runs.delete(callId);
    }
  }

  override executeTool<T>(options: ExecuteToolOptions<T>): PromiseLike<T> {
    return super.executeTool({ ...options, execute: this.inBaggage(options.callId, options.execute) });
  }

  override executeLanguageModelCall<T>(options: ExecuteModelCallOptions<T>): PromiseLike<T> {
    return super.executeLanguageModelCall({
      ...options,
      execute: this.inBaggage(options.callId, options.execute),
    });
  }

  private resolve(event: StartEvent, ctx: Context): RunIds | undefined {
    const enclosing = runAttributesFromBaggage(propagation.getBaggage(ctx));
    const runId = enclosing[ATTR_GEN_AI_AGENT_CALL_ID];
    const conversationId = enclosing[ATTR_GEN_AI_CONVERSATION_ID];
    if (runId && conversationId) {
      return {
        runId,
        conversationId,
        agentName: enclosing[ATTR_GEN_AI_AGENT_NAME] ?? this.agentName,
      };
    }
    if (!RUN_OPERATIONS.has(event.operationId)) return undefined;
    const functionId = (event as { functionId?: unknown }).functionId;
    return prepareRun({
      agentName: typeof functionId === 'string' && functionId !== '' ? functionId : this.agentName,
      conversationId: conversationId ?? null,
    });
  }

  private track(callId: string, call: TrackedCall): void {
    if (this.runs.size >= this.maxOpenCalls) {
      // A call whose end event never came (e.g. a stream nobody read to the end): forget the oldest.
      const oldest = this.runs.keys().next().value;
      if (oldest !== undefined) this.runs.delete(oldest);
      this.droppedCalls++;
      diag.warn(
        `convtrace: more than ${this.maxOpenCalls} AI SDK calls open; forgot the oldest (${this.droppedCalls} so far)`,
      );
    }
    this.runs.set(callId, call);
  }

  private spanAttributes(callId: string, spanType: string): Attributes | undefined {
    const call = this.runs.get(callId);
    if (!call) return undefined;
    const { ids, history } = call;
    const attributes: Attributes = {
      // The turn this run continues from, on its `invoke_agent` span (where the inspector looks).
      ...(spanType === 'operation' ? history : undefined),
      [ATTR_GEN_AI_AGENT_NAME]: ids.agentName,
      [ATTR_GEN_AI_AGENT_CALL_ID]: ids.runId,
      [ATTR_GEN_AI_CONVERSATION_ID]: ids.conversationId,
    };
    setRunIdAliases(attributes);
    return attributes;
  }

  /** `execute`, run with the call's ids in baggage (on top of whatever context the SDK set). */
  private inBaggage<T>(callId: string, execute: () => PromiseLike<T>): () => PromiseLike<T> {
    const ids = this.runs.get(callId)?.ids;
    if (!ids) return execute;
    return () => context.with(withRunBaggage(context.active(), ids), execute);
  }
}
