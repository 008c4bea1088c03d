import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import type { Serialized } from '@langchain/core/load/serializable';
import {
  type Attributes,
  context,
  diag,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
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
import { toolCallArgsValue } from '../../messages/parts.ts';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION,
  TRACER_NAME,
} from '../../semconv/attributes.ts';
import {
  contentAttribute,
  MAX_CONTENT_ATTRIBUTE_LENGTH,
  messagesAttribute,
  shouldCaptureContent,
} from '../../semconv/content.ts';
import { recordSpanError } from '../../semconv/span-error.ts';
import { concreteSpan, getRunScope } from '../shared/run-scope.ts';
import { SpanTable } from '../shared/span-table.ts';
import { conversationIdFromMetadata } from './conversation-id.ts';
import { chatEndAttributes, chatStartAttributes, requestModelOf, toGenAIMessage } from './mapping.ts';

/** Options of {@link ConvtraceCallbackHandler}. */
export interface ConvtraceCallbackHandlerOptions {
  /** Where spans go; default the global tracer provider. */
  tracerProvider?: TracerProvider;
  /** `gen_ai.conversation.id` of every run this handler sees (default: from the run's metadata). */
  conversationId?: string;
  /** `gen_ai.agent.name` of root runs (default: the root run's name, e.g. `LangGraph`). */
  agentName?: string;
  /** Record prompts, outputs, tool arguments and results (default: the env opt-in, else off). */
  captureContent?: boolean;
  /** Cap per content attribute, in characters (default 64 KiB). */
  maxContentLength?: number;
}

interface RunIds {
  runId: string;
  conversationId: string;
  agentName: string;
}

interface Entry {
  span: Span;
  run: RunIds;
  /** False for an inner chain mapped onto its parent's span. */
  owned: boolean;
  parentRunId?: string;
}

/** Every LangChain run the handlers have open, by LangChain run id (read by the wrapper's live parent). */
export const openLangChainRuns = new SpanTable<Entry>();
/** Open child runs of each open run, in start order. */
const openChildren = new Map<string, string[]>();

function track(runId: string, entry: Entry): void {
  openLangChainRuns.set(runId, entry);
  if (!entry.parentRunId) return;
  const kids = openChildren.get(entry.parentRunId);
  if (kids) kids.push(runId);
  else openChildren.set(entry.parentRunId, [runId]);
}

function untrack(runId: string): Entry | undefined {
  const entry = openLangChainRuns.take(runId);
  openChildren.delete(runId);
  const parent = entry?.parentRunId;
  const kids = parent ? openChildren.get(parent) : undefined;
  if (parent && kids) {
    const i = kids.indexOf(runId);
    if (i >= 0) kids.splice(i, 1);
    if (kids.length === 0) openChildren.delete(parent);
  }
  return entry;
}

/**
 * The OTel span of the innermost open step under LangChain run `runId`: LangChain's async context
 * names the runnable executing (a tool, a graph node), but a chat model's HTTP call runs without
 * entering its own run, so the newest open child (the model call) is followed down.
 */
export function otelSpanOfRun(runId: string | undefined): Span | undefined {
  if (!runId) return undefined;
  let span = openLangChainRuns.get(runId)?.span;
  let id = runId;
  for (let depth = 0; span && depth < 32; depth++) {
    const child = openChildren.get(id)?.at(-1);
    const entry = child ? openLangChainRuns.get(child) : undefined;
    if (!child || !entry) break;
    span = entry.span;
    id = child;
  }
  return span;
}

type Obj = Record<string, unknown>;

function nameOf(serialized: Serialized | undefined, runName: string | undefined): string {
  if (runName) return runName;
  const s = serialized as unknown as Obj | undefined;
  if (typeof s?.name === 'string' && s.name !== '') return s.name;
  const id = s?.id;
  return Array.isArray(id) && typeof id.at(-1) === 'string' ? String(id.at(-1)) : 'agent';
}

/**
 * A LangChain.js callback handler that maps a run to GenAI spans: the root chain / graph run →
 * `invoke_agent {name}` (it carries the run's ids), chat model calls → `chat {model}` (usage, response
 * id, finish reason), LLM calls → `text_completion {model}`, tools → `execute_tool {tool}`. Inner
 * chains (graph nodes, sequences) get no span of their own: their children attach to the nearest
 * mapped ancestor. Conversation id: {@link invokeWithConversation}'s when run through it, else the
 * `conversationId` option, else metadata `conversation_id` / `session_id` / `thread_id` (LangChain
 * copies `configurable.thread_id` there), else fresh; one run id per root run.
 *
 * A callback handler cannot make its spans the active OTel context (langchainjs #11221), so HTTP
 * calls made inside the run only nest under it, and only carry the ids downstream, when the
 * invocation runs through {@link invokeWithConversation}. The handler is awaited (its spans exist
 * before the steps they parent start) and never throws: failures go to `diag`.
 */
export class ConvtraceCallbackHandler extends BaseCallbackHandler {
  name = 'convtrace';
  private readonly tracer: Tracer;
  private readonly options: ConvtraceCallbackHandlerOptions;
  private readonly capture: boolean;
  private readonly maxContent: number;

  constructor(options: ConvtraceCallbackHandlerOptions = {}) {
    super({ _awaitHandler: true });
    this.options = options;
    this.tracer = (options.tracerProvider ?? trace).getTracer(TRACER_NAME);
    this.capture = shouldCaptureContent(options.captureContent);
    this.maxContent = options.maxContentLength ?? MAX_CONTENT_ATTRIBUTE_LENGTH;
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      diag.error(`convtrace: langchain handler failed in ${what}; the run goes on`, err);
    }
  }

  /** Starts a span under `parentRunId`'s, or as a new root run; records it under `runId`. */
  private open(
    runId: string,
    parentRunId: string | undefined,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    metadata: Obj | undefined,
  ): Entry {
    const parent = parentRunId ? openLangChainRuns.get(parentRunId) : undefined;
    let run: RunIds;
    let parentSpan: Span | undefined;
    if (parent) {
      run = parent.run;
      parentSpan = parent.span;
    } else {
      const scope = getRunScope();
      const fromScope = scope && !scope.runSpan ? scope : undefined;
      const found = this.options.conversationId ?? conversationIdFromMetadata(metadata);
      run = fromScope
        ? { ...fromScope.ids }
        : {
            runId: newRunId(),
            conversationId: resolveConversationId(found?.slice(0, MAX_ID_LENGTH) ?? null, null),
            agentName: (this.options.agentName ?? name).slice(0, MAX_ID_LENGTH),
          };
      parentSpan = scope?.runSpan ?? concreteSpan(scope?.parent ?? context.active());
      if (fromScope) attributes = { ...fromScope.attributes, ...attributes };
    }
    const span = this.tracer.startSpan(
      name,
      {
        kind,
        attributes: {
          ...attributes,
          [ATTR_GEN_AI_CONVERSATION_ID]: run.conversationId,
          [ATTR_GEN_AI_AGENT_CALL_ID]: run.runId,
          [ATTR_GEN_AI_AGENT_NAME]: run.agentName,
        },
      },
      parentSpan ? trace.setSpan(ROOT_CONTEXT, parentSpan) : ROOT_CONTEXT,
    );
    if (!parent) {
      const scope = getRunScope();
      if (scope && !scope.runSpan) scope.runSpan = span;
    }
    const entry: Entry = { span, run, owned: true, ...(parent ? { parentRunId } : {}) };
    track(runId, entry);
    return entry;
  }

  private close(runId: string, attributes: Attributes, err?: unknown): void {
    const entry = untrack(runId);
    if (!entry?.owned) return;
    entry.span.setAttributes(attributes);
    if (err !== undefined) recordSpanError(entry.span, err);
    entry.span.end();
  }

  /**
   * `@langchain/core` 1.x declares `(chain, inputs, runId, runType, tags, metadata, runName,
   * parentRunId)` but its CallbackManager passes `(chain, inputs, runId, parentRunId, tags, metadata,
   * runType, runName)`; which slot holds a known run id tells them apart.
   */
  override handleChainStart(
    chain: Serialized,
    _inputs: unknown,
    runId: string,
    slot3?: string,
    _tags?: string[],
    metadata?: Obj,
    slot6?: string,
    slot7?: string,
  ): void {
    this.guard('handleChainStart', () => {
      const declaredOrder = typeof slot7 === 'string' && openLangChainRuns.get(slot7) !== undefined;
      const parentRunId = declaredOrder ? slot7 : slot3;
      const runName = declaredOrder ? slot6 : slot7;
      const parent = parentRunId ? openLangChainRuns.get(parentRunId) : undefined;
      if (parent) {
        track(runId, { span: parent.span, run: parent.run, owned: false, parentRunId });
        return;
      }
      const agentName = this.options.agentName ?? getRunScope()?.ids.agentName ?? nameOf(chain, runName);
      this.open(
        runId,
        undefined,
        `${GEN_AI_OPERATION.invokeAgent} ${agentName}`,
        SpanKind.INTERNAL,
        { [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.invokeAgent },
        metadata,
      );
    });
  }

  override handleChainEnd(_outputs: unknown, runId: string): void {
    this.guard('handleChainEnd', () => this.close(runId, {}));
  }

  override handleChainError(err: unknown, runId: string): void {
    this.guard('handleChainError', () => this.close(runId, {}, err));
  }

  /** Opens a model call span: `{operation} {model}` (CLIENT), with the input messages if captured. */
  private openModelCall(
    operation: string,
    llm: Serialized,
    input: unknown[] | undefined,
    runId: string,
    parentRunId: string | undefined,
    extraParams: Obj | undefined,
    metadata: Obj | undefined,
  ): void {
    const model = requestModelOf(extraParams, metadata);
    const attributes: Attributes = {
      [ATTR_GEN_AI_OPERATION_NAME]: operation,
      ...chatStartAttributes(model, metadata),
    };
    if (this.capture && input)
      attributes[ATTR_GEN_AI_INPUT_MESSAGES] = messagesAttribute(input.map(toGenAIMessage), this.maxContent);
    const name = `${operation} ${model ?? nameOf(llm, undefined)}`;
    this.open(runId, parentRunId, name, SpanKind.CLIENT, attributes, metadata);
  }

  override handleChatModelStart(
    llm: Serialized,
    messages: unknown[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Obj,
    _tags?: string[],
    metadata?: Obj,
  ): void {
    this.guard('handleChatModelStart', () =>
      this.openModelCall(GEN_AI_OPERATION.chat, llm, messages[0], runId, parentRunId, extraParams, metadata),
    );
  }

  override handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Obj,
    _tags?: string[],
    metadata?: Obj,
  ): void {
    this.guard('handleLLMStart', () =>
      this.openModelCall(
        'text_completion',
        llm,
        prompts.map((content) => ({ type: 'human', content })),
        runId,
        parentRunId,
        extraParams,
        metadata,
      ),
    );
  }

  override handleLLMEnd(output: unknown, runId: string): void {
    this.guard('handleLLMEnd', () => {
      const attributes = chatEndAttributes(output);
      if (this.capture) {
        const generations = (output as { generations?: { message?: unknown }[][] })?.generations?.[0] ?? [];
        const messages = generations.filter((g) => g.message).map((g) => toGenAIMessage(g.message));
        if (messages.length > 0)
          attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = messagesAttribute(messages, this.maxContent, true);
      }
      this.close(runId, attributes);
    });
  }

  override handleLLMError(err: unknown, runId: string): void {
    this.guard('handleLLMError', () => this.close(runId, {}, err));
  }

  override handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Obj,
    runName?: string,
    toolCallId?: string,
  ): void {
    this.guard('handleToolStart', () => {
      const name = nameOf(tool, runName);
      const attributes: Attributes = {
        [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.executeTool,
        [ATTR_GEN_AI_TOOL_NAME]: name,
        [ATTR_GEN_AI_TOOL_TYPE]: 'function',
      };
      if (toolCallId) attributes[ATTR_GEN_AI_TOOL_CALL_ID] = toolCallId;
      if (this.capture)
        attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = contentAttribute(
          toolCallArgsValue(input),
          this.maxContent,
        );
      this.open(
        runId,
        parentRunId,
        `${GEN_AI_OPERATION.executeTool} ${name}`,
        SpanKind.INTERNAL,
        attributes,
        metadata,
      );
    });
  }

  override handleToolEnd(output: unknown, runId: string): void {
    this.guard('handleToolEnd', () => {
      const attributes: Attributes = {};
      if (this.capture) {
        const content = (output as { content?: unknown } | undefined)?.content ?? output;
        attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] = contentAttribute(content, this.maxContent);
      }
      this.close(runId, attributes);
    });
  }

  override handleToolError(err: unknown, runId: string): void {
    this.guard('handleToolError', () => this.close(runId, {}, err));
  }
}
