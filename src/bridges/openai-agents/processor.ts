import type { Span as AgentsSpan, SpanData, Trace, TracingProcessor } from '@openai/agents';
import {
  type Attributes,
  type Context,
  context,
  diag,
  ROOT_CONTEXT,
  type Span,
  type Tracer,
  type TracerProvider,
  trace,
} from '@opentelemetry/api';
import { newRunId, resolveConversationId } from '../../conversation/ids.ts';
import {
  ATTR_GEN_AI_AGENT_CALL_ID,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
} from '../../conversation/keys.ts';
import { MAX_ID_LENGTH } from '../../conversation/prepare.ts';
import { TRACER_NAME } from '../../semconv/attributes.ts';
import { MAX_CONTENT_ATTRIBUTE_LENGTH, shouldCaptureContent } from '../../semconv/content.ts';
import { recordSpanError } from '../../semconv/span-error.ts';
import { concreteSpan, getRunScope, type RunScope } from '../shared/run-scope.ts';
import { SpanTable } from '../shared/span-table.ts';
import { ATTR_OPENAI_AGENTS_SPAN_ID, ATTR_OPENAI_AGENTS_TRACE_ID } from './keys.ts';
import { endInfo, startInfo } from './span-mapping.ts';

/** Options of {@link ConvtraceTracingProcessor}. */
export interface ConvtraceTracingProcessorOptions {
  /** Where spans go; default the global tracer provider. */
  tracerProvider?: TracerProvider;
  /**
   * Record prompts, outputs, tool arguments and results. Default: off unless
   * `OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true`.
   */
  captureContent?: boolean;
  /** Cap per content attribute, in characters (default 64 KiB). */
  maxContentLength?: number;
}

/** The ids of one SDK run (one top-level SDK span), shared by its spans. */
interface RunIds {
  runId: string;
  conversationId: string;
  /** Set once an agent span names the run (or the wrapper did). */
  agentName?: string;
  span?: Span;
  scope?: RunScope;
}

interface OpenSpan {
  span: Span;
  run: RunIds;
  /** The agent this step belongs to (nearest `agent` span). */
  agentName?: string;
  isRun: boolean;
  owned: true;
}

/** The OTel span of every SDK span open right now, shared with the run wrapper's live parent. */
export const openAgentSpans = new SpanTable<OpenSpan>();

/** The OTel span standing for the SDK span `sdkSpanId`, while it is open. */
export function otelSpanOf(sdkSpanId: string | undefined): Span | undefined {
  return sdkSpanId ? openAgentSpans.get(sdkSpanId)?.span : undefined;
}

function report(what: string, err: unknown): void {
  diag.error(`convtrace: openai-agents processor failed in ${what}; the run goes on`, err);
}

/**
 * An OpenAI Agents SDK `TracingProcessor` that turns the SDK's traces into OTel spans: the run (the
 * SDK's `task` span) → `invoke_workflow {workflow}` carrying the run's ids, `agent` →
 * `invoke_agent {name}`, `response` / `generation` → `chat {model}` (usage, response id, finish
 * reason), `function` → `execute_tool {tool}`, `handoff` / `guardrail` / `turn` under their own names;
 * parent/child as in the SDK, timed by the SDK's start/end calls. Every span carries
 * `gen_ai.conversation.id` and `gen_ai.agent.call.id`.
 *
 * Ids come from the {@link runWithConversation} wrapper when the run was started through it (its
 * resolution: explicit > `groupId` > session > items of an earlier turn > fresh). Without the wrapper
 * the conversation id is the trace's `groupId`, else a fresh id written back to `groupId` so the SDK's
 * own trace viewer groups the same way; spans of HTTP calls made inside the run then stay outside
 * it (the wrapper is what makes them children and carries baggage downstream).
 *
 * Never throws into the SDK: a failure is reported through `diag` and the run goes on.
 */
export class ConvtraceTracingProcessor implements TracingProcessor {
  private readonly tracer: Tracer;
  private readonly capture: boolean;
  private readonly maxContent: number;
  private readonly traceConversations = new Map<string, string>();

  constructor(options: ConvtraceTracingProcessorOptions = {}) {
    this.tracer = (options.tracerProvider ?? trace).getTracer(TRACER_NAME);
    this.capture = shouldCaptureContent(options.captureContent);
    this.maxContent = options.maxContentLength ?? MAX_CONTENT_ATTRIBUTE_LENGTH;
  }

  async onTraceStart(t: Trace): Promise<void> {
    try {
      const scoped = getRunScope()?.ids.conversationId;
      const group = typeof t.groupId === 'string' && t.groupId !== '' ? t.groupId : undefined;
      const conversationId = scoped ?? group?.slice(0, MAX_ID_LENGTH) ?? resolveConversationId(null, null);
      // The SDK's own processors read groupId when they export; give them the same grouping.
      if (!group) t.groupId = conversationId;
      this.traceConversations.set(t.traceId, conversationId);
      // Bounded even if an SDK never reports trace ends.
      if (this.traceConversations.size > 10_000) {
        const oldest = this.traceConversations.keys().next();
        if (!oldest.done) this.traceConversations.delete(oldest.value);
      }
    } catch (err) {
      report('onTraceStart', err);
    }
  }

  async onTraceEnd(t: Trace): Promise<void> {
    this.traceConversations.delete(t.traceId);
  }

  async onSpanStart(s: AgentsSpan<SpanData>): Promise<void> {
    try {
      this.startSpan(s);
    } catch (err) {
      report('onSpanStart', err);
    }
  }

  async onSpanEnd(s: AgentsSpan<SpanData>): Promise<void> {
    try {
      this.endSpan(s);
    } catch (err) {
      report('onSpanEnd', err);
    }
  }

  async shutdown(): Promise<void> {
    openAgentSpans.endAll();
    this.traceConversations.clear();
  }

  async forceFlush(): Promise<void> {}

  private startSpan(s: AgentsSpan<SpanData>): void {
    const data = s.spanData;
    const parent = s.parentId ? openAgentSpans.get(s.parentId) : undefined;
    let run: RunIds;
    let parentCtx: Context;
    let isRun = false;
    if (parent) {
      run = parent.run;
      parentCtx = trace.setSpan(ROOT_CONTEXT, parent.span);
    } else {
      const scope = getRunScope();
      if (scope?.runSpan) {
        // A second top-level span of a wrapped run (SDK without task spans): under the run span.
        run = {
          runId: scope.ids.runId,
          conversationId: scope.ids.conversationId,
          scope,
          span: scope.runSpan,
        };
        parentCtx = trace.setSpan(ROOT_CONTEXT, scope.runSpan);
      } else {
        isRun = true;
        run = scope
          ? {
              runId: scope.ids.runId,
              conversationId: scope.ids.conversationId,
              agentName: scope.ids.agentName,
              scope,
            }
          : {
              runId: newRunId(),
              conversationId: this.traceConversations.get(s.traceId) ?? resolveConversationId(null, null),
            };
        const outer = concreteSpan(scope?.parent ?? context.active());
        parentCtx = outer ? trace.setSpan(ROOT_CONTEXT, outer) : ROOT_CONTEXT;
      }
    }
    const agentName = data.type === 'agent' ? data.name : (parent?.agentName ?? run.agentName);
    const info = startInfo(data, isRun);
    const attributes: Attributes = {
      ...info.attributes,
      [ATTR_GEN_AI_CONVERSATION_ID]: run.conversationId,
      [ATTR_GEN_AI_AGENT_CALL_ID]: run.runId,
      [ATTR_OPENAI_AGENTS_TRACE_ID]: s.traceId,
      [ATTR_OPENAI_AGENTS_SPAN_ID]: s.spanId,
    };
    if (agentName) attributes[ATTR_GEN_AI_AGENT_NAME] = agentName;
    // The run's history links and server-state ids go on the run span and on each agent span (the
    // inspector anchors a turn on its invoke_agent span).
    if ((isRun || data.type === 'agent') && run.scope) Object.assign(attributes, run.scope.attributes);
    const span = this.tracer.startSpan(info.name, { kind: info.kind, attributes }, parentCtx);
    if (isRun) {
      run.span = span;
      if (run.scope) run.scope.runSpan = span;
    }
    if (data.type === 'agent' && run.agentName === undefined) {
      // The run is named after the agent it started with.
      run.agentName = data.name;
      run.span?.setAttribute(ATTR_GEN_AI_AGENT_NAME, data.name);
    }
    openAgentSpans.set(s.spanId, { span, run, agentName, isRun, owned: true });
  }

  private endSpan(s: AgentsSpan<SpanData>): void {
    const entry = openAgentSpans.take(s.spanId);
    if (!entry) return;
    const { span } = entry;
    try {
      const info = endInfo(s.spanData, this.capture, this.maxContent);
      span.setAttributes(info.attributes);
      if (info.name) span.updateName(info.name);
      if (s.error) {
        const detail = s.error.data?.error;
        const err = new Error(typeof detail === 'string' ? `${s.error.message}: ${detail}` : s.error.message);
        err.name = `${s.spanData.type}_error`;
        recordSpanError(span, err, false);
      }
    } finally {
      span.end();
    }
  }
}
