import {
  type AgentInputItem,
  getCurrentSpan,
  getCurrentTrace,
  type NonStreamRunOptions,
  type Runner,
  type RunResult,
  type RunState,
  run,
  type StreamedRunResult,
  type StreamRunOptions,
  withTrace,
} from '@openai/agents';
import { type Attributes, context, diag } from '@opentelemetry/api';
import {
  ATTR_CONVTRACE_HISTORY_CONVERSATION_ID,
  ATTR_CONVTRACE_HISTORY_RUN_ID,
} from '../../conversation/keys.ts';
import { MAX_ID_LENGTH, type PreparedRun, prepareRun } from '../../conversation/prepare.ts';
import {
  ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
  ATTR_OPENAI_CONVERSATION_ID,
} from '../../semconv/attributes.ts';
import { enterRunScope } from '../shared/run-scope.ts';
import { type HistoryRefs, type RememberedRun, recallRun, rememberRun } from './conversation-memory.ts';
import { otelSpanOf } from './processor.ts';

/**
 * What {@link runWithConversation} takes next to the SDK's run options (a separate argument: the
 * SDK's own `conversationId` option is OpenAI's server-side conversation, a different thing).
 */
export interface ConversationRunOptions {
  /**
   * This run's `gen_ai.conversation.id` (`'new'` forks: a fresh id). Default: the runner's `groupId`,
   * else the session's id, else the conversation of the newest input item (or `previousResponseId`,
   * or OpenAI `conversationId`) an earlier run in this process returned, else a fresh id.
   */
  conversationId?: string | null;
  /**
   * Run with this `Runner` (its config: model provider, `groupId`, workflow name) instead of `run()`.
   * Its `groupId` is the conversation id unless `conversationId` says otherwise (then the SDK's own
   * trace keeps the runner's group).
   */
  runner?: Runner;
}

/** Any agent `run()` accepts (the SDK's own bound, spelled through its signature). */
type SdkAgent = Parameters<typeof run>[0];

type Input<TContext, TAgent extends SdkAgent> = string | AgentInputItem[] | RunState<TContext, TAgent>;

async function resolveIds(
  agentName: string,
  explicit: string | null | undefined,
  runner: Runner | undefined,
  session: { getSessionId(): Promise<string> } | undefined,
  previous: RememberedRun | undefined,
): Promise<PreparedRun> {
  const name = agentName.slice(0, MAX_ID_LENGTH) || 'agent';
  // A bad explicit id is the caller's error: a typed error before anything runs.
  if (explicit !== undefined && explicit !== null)
    return prepareRun({ agentName: name, conversationId: explicit });
  let found: string | undefined;
  try {
    found = runner?.config.groupId || (await session?.getSessionId()) || previous?.conversationId;
  } catch (err) {
    diag.warn('convtrace: could not read the session id; the run gets a fresh conversation id', err);
  }
  return prepareRun({ agentName: name, conversationId: found ? found.slice(0, MAX_ID_LENGTH) : null });
}

/**
 * Runs an OpenAI Agents SDK agent (as `run()` / `runner.run()` would, same options and result) as one
 * convtrace run: resolves the conversation id (see {@link ConversationRunOptions.conversationId}),
 * mints a run id, sets the SDK trace's `groupId` to the conversation id when the app gave none, and
 * executes the run inside an OTel context carrying the three ids in W3C baggage with the SDK's current
 * step as active span — so HTTP calls made by tools (and by the model client) are children of their
 * `execute_tool` / `chat` span and reach downstream services with the ids. Needs a
 * {@link ConvtraceTracingProcessor} registered (`addTraceProcessor`) for the spans themselves.
 *
 * Throws {@link InvalidArgumentError} for a bad explicit `conversationId`; otherwise it never throws
 * anything the SDK itself would not.
 */
export async function runWithConversation<TAgent extends SdkAgent, TContext = undefined>(
  agent: TAgent,
  input: Input<TContext, TAgent>,
  options?: NonStreamRunOptions<TContext, TAgent>,
  convtrace?: ConversationRunOptions,
): Promise<RunResult<TContext, TAgent>>;
export async function runWithConversation<TAgent extends SdkAgent, TContext = undefined>(
  agent: TAgent,
  input: Input<TContext, TAgent>,
  options: StreamRunOptions<TContext, TAgent>,
  convtrace?: ConversationRunOptions,
): Promise<StreamedRunResult<TContext, TAgent>>;
export async function runWithConversation<TAgent extends SdkAgent, TContext = undefined>(
  agent: TAgent,
  input: Input<TContext, TAgent>,
  options: NonStreamRunOptions<TContext, TAgent> | StreamRunOptions<TContext, TAgent> = {},
  convtrace: ConversationRunOptions = {},
): Promise<RunResult<TContext, TAgent> | StreamedRunResult<TContext, TAgent>> {
  const { conversationId: explicit, runner } = convtrace;
  // One call site for both overloads: the SDK branches on `stream` at run time.
  const runOptions = options as NonStreamRunOptions<TContext, TAgent>;
  const exec = () =>
    (runner ? runner.run(agent, input, runOptions) : run(agent, input, runOptions)) as Promise<
      RunResult<TContext, TAgent> | StreamedRunResult<TContext, TAgent>
    >;
  const refs: HistoryRefs = {
    // A resumed RunState (after an approval) continues its own history.
    items: Array.isArray(input) ? input : typeof input === 'string' ? undefined : input.history,
    ...(typeof input === 'object' && !Array.isArray(input) ? { state: input } : {}),
    previousResponseId: runOptions.previousResponseId,
    openaiConversationId: runOptions.conversationId,
  };
  let previous: RememberedRun | undefined;
  try {
    previous = recallRun(refs);
  } catch (err) {
    diag.error('convtrace: looking up the run this history continues failed', err);
  }
  const ids = await resolveIds(agent.name, explicit, runner, runOptions.session, previous);
  const attributes: Attributes = {};
  if (previous) {
    // The turn this run continues, for the inspector's branches and forks.
    attributes[ATTR_CONVTRACE_HISTORY_RUN_ID] = previous.runId;
    attributes[ATTR_CONVTRACE_HISTORY_CONVERSATION_ID] = previous.conversationId;
  }
  if (runOptions.conversationId) attributes[ATTR_OPENAI_CONVERSATION_ID] = runOptions.conversationId;
  if (runOptions.previousResponseId)
    attributes[ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID] = runOptions.previousResponseId;
  const { ctx } = enterRunScope(ids, () => otelSpanOf(getCurrentSpan()?.spanId), attributes);

  const result = await context.with(ctx, () =>
    // Inside an app's own trace, or with a runner that names its group, the SDK keeps that trace.
    getCurrentTrace() || runner?.config.groupId
      ? exec()
      : withTrace(runner?.config.workflowName ?? 'Agent workflow', exec, {
          groupId: ids.conversationId,
          ...(runner?.config.traceMetadata ? { metadata: runner.config.traceMetadata } : {}),
        }),
  );
  const remember = () => {
    try {
      rememberRun(ids, {
        ...refs,
        items: [...(refs.items ?? []), ...result.history],
        lastResponseId: result.lastResponseId,
        state: result.state,
      });
    } catch (err) {
      diag.error('convtrace: remembering the run’s items failed', err);
    }
  };
  if ('completed' in result && result.completed instanceof Promise) result.completed.then(remember, () => {});
  else remember();
  return result;
}
