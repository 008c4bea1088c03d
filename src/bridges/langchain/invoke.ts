import type { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { CallbackManager } from '@langchain/core/callbacks/manager';
import type { Runnable, RunnableConfig } from '@langchain/core/runnables';
import { AsyncLocalStorageProviderSingleton } from '@langchain/core/singletons';
import { type Attributes, context, diag, type Span } from '@opentelemetry/api';
import {
  ATTR_CONVTRACE_HISTORY_CONVERSATION_ID,
  ATTR_CONVTRACE_HISTORY_RUN_ID,
} from '../../conversation/keys.ts';
import { MAX_ID_LENGTH, type PreparedRun, prepareRun } from '../../conversation/prepare.ts';
import { enterRunScope } from '../shared/run-scope.ts';
import { conversationIdFromConfig } from './conversation-id.ts';
import { ConvtraceCallbackHandler, otelSpanOfRun } from './handler.ts';

/** What {@link invokeWithConversation} takes next to the runnable's own config. */
export interface ConversationInvokeOptions {
  /**
   * This run's `gen_ai.conversation.id` (`'new'` forks: a fresh id). Default:
   * `configurable.thread_id`, else metadata `conversation_id` / `session_id` / `thread_id`, else fresh.
   */
  conversationId?: string | null;
  /** `gen_ai.agent.name` (default: `config.runName`, else the runnable's name). */
  agentName?: string;
  /** The handler that records the spans (default: one shared {@link ConvtraceCallbackHandler}). */
  handler?: ConvtraceCallbackHandler;
}

let sharedHandler: ConvtraceCallbackHandler | undefined;

/**
 * The newest run of each conversation invoked in this process: the turn the next invocation on the
 * same thread continues (a LangGraph thread is linear unless a `checkpoint_id` replays an older
 * state, which gets no link). Bounded, oldest forgotten first.
 */
const latestRun = new Map<string, string>();
const MAX_THREADS = 10_000;

function historyLinks(conversationId: string, config: RunnableConfig | undefined): Attributes {
  const previous = latestRun.get(conversationId);
  if (!previous || config?.configurable?.checkpoint_id !== undefined) return {};
  return {
    [ATTR_CONVTRACE_HISTORY_RUN_ID]: previous,
    [ATTR_CONVTRACE_HISTORY_CONVERSATION_ID]: conversationId,
  };
}

function recordLatest(conversationId: string, runId: string): void {
  latestRun.delete(conversationId);
  latestRun.set(conversationId, runId);
  if (latestRun.size > MAX_THREADS) {
    const oldest = latestRun.keys().next();
    if (!oldest.done) latestRun.delete(oldest.value);
  }
}

type Callbacks = RunnableConfig['callbacks'];

/** `callbacks` with a convtrace handler in it (the caller's callbacks are kept; none is added twice). */
function withHandler(callbacks: Callbacks, handler: ConvtraceCallbackHandler): Callbacks {
  if (callbacks === undefined || callbacks === null) return [handler];
  if (Array.isArray(callbacks)) {
    const list = callbacks as BaseCallbackHandler[];
    return list.some((h) => h instanceof ConvtraceCallbackHandler) ? list : [...list, handler];
  }
  if (callbacks instanceof CallbackManager) {
    return callbacks.handlers.some((h) => h instanceof ConvtraceCallbackHandler)
      ? callbacks
      : callbacks.copy([handler]);
  }
  return callbacks;
}

/** The OTel span of the LangChain run executing in this async context (tool, model call, ...). */
function currentLangChainSpan(): Span | undefined {
  const config = AsyncLocalStorageProviderSingleton.getRunnableConfig() as RunnableConfig | undefined;
  const callbacks = config?.callbacks;
  const parentRunId = callbacks instanceof CallbackManager ? callbacks.getParentRunId() : undefined;
  return otelSpanOfRun(parentRunId);
}

function prepare(
  name: string,
  explicit: string | null | undefined,
  config: RunnableConfig | undefined,
): PreparedRun {
  const agentName = name.slice(0, MAX_ID_LENGTH) || 'agent';
  // A bad explicit id is the caller's error: a typed error before anything runs.
  if (explicit !== undefined && explicit !== null) return prepareRun({ agentName, conversationId: explicit });
  let found: string | undefined;
  try {
    found = conversationIdFromConfig(config);
  } catch (err) {
    diag.warn('convtrace: could not read the conversation id from the config; using a fresh one', err);
  }
  return prepareRun({ agentName, conversationId: found ? found.slice(0, MAX_ID_LENGTH) : null });
}

/**
 * Invokes a LangChain runnable (a chain, a compiled LangGraph graph, an agent) as one convtrace run:
 * resolves the conversation id (see {@link ConversationInvokeOptions.conversationId}) and a run id,
 * adds a {@link ConvtraceCallbackHandler} to the callbacks, and runs the invocation inside an OTel
 * context carrying the three ids in W3C baggage with the LangChain step running at each moment as
 * the active span — so HTTP calls made by tools and model clients are children of their
 * `execute_tool` / `chat` span in the run's trace (langchainjs #11221) and reach downstream services
 * with the ids. Returns what `runnable.invoke(input, config)` returns.
 *
 * Throws {@link InvalidArgumentError} for a bad explicit `conversationId`; otherwise only what the
 * runnable throws.
 */
export async function invokeWithConversation<RunInput, RunOutput, CallOptions extends RunnableConfig>(
  runnable: Runnable<RunInput, RunOutput, CallOptions>,
  input: RunInput,
  config?: Partial<CallOptions>,
  options: ConversationInvokeOptions = {},
): Promise<RunOutput> {
  const name = options.agentName ?? config?.runName ?? runnable.getName();
  const ids = prepare(name, options.conversationId, config);
  sharedHandler ??= new ConvtraceCallbackHandler();
  const handler = options.handler ?? sharedHandler;
  const callbacks = withHandler(config?.callbacks, handler);
  const { ctx } = enterRunScope(ids, currentLangChainSpan, historyLinks(ids.conversationId, config));
  recordLatest(ids.conversationId, ids.runId);
  return context.with(ctx, () => runnable.invoke(input, { ...config, callbacks } as CallOptions));
}
