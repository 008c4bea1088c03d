import { RequestError } from '../../errors.ts';
import type { ModelMessage } from '../../messages/types.ts';
import { ATTR_AG_UI_RUN_ID, ATTR_AG_UI_THREAD_ID } from '../../semconv/attributes.ts';
import { planPostRequest, zodRequestError } from '../shared/http.ts';
import {
  combinedSignal,
  SSE_HEADERS,
  type StreamingAgent,
  type UiRequestOptions,
} from '../shared/options.ts';
import { runEventStream } from '../shared/sse.ts';
import { AgUiEventWriter } from './events.ts';
import { agUiContent, agUiToModelMessages } from './messages.ts';
import { normalizeAliases, type RunAgentInput, runAgentInputSchema } from './schema.ts';

/** Options of {@link handleAgUiRequest}. */
export type AgUiRequestOptions = UiRequestOptions;

/** What a validated AG-UI request runs: the prompt (if any) and the history before it. */
export interface AgUiRunPlan {
  input: RunAgentInput;
  prompt: string | unknown[] | undefined;
  history: ModelMessage[];
}

/**
 * Validates an AG-UI `RunAgentInput` and splits it into prompt and history: a trailing user message
 * is the prompt; a trailing tool message resumes the run from its tool results. Throws
 * {@link RequestError} naming the bad field.
 */
export function planAgUiRun(body: unknown): AgUiRunPlan {
  const parsed = runAgentInputSchema.safeParse(normalizeAliases(body));
  if (!parsed.success) throw zodRequestError(parsed.error);
  const input = parsed.data;
  const messages = input.messages.filter((m) => m.role !== 'activity');
  const last = messages.at(-1);
  if (!last) throw new RequestError(400, 'messages', 'must contain at least one user or tool message');
  if (last.role === 'user') {
    return {
      input,
      prompt: agUiContent(last.content as Parameters<typeof agUiContent>[0]),
      history: agUiToModelMessages(messages.slice(0, -1)),
    };
  }
  if (last.role !== 'tool') {
    throw new RequestError(
      400,
      `messages[${input.messages.lastIndexOf(last)}].role`,
      `the last message must be a user or tool message, not '${last.role}'`,
    );
  }
  return { input, prompt: undefined, history: agUiToModelMessages(messages) };
}

/**
 * Serves one AG-UI run: takes a Web-standard `Request` whose body is a `RunAgentInput` and returns
 * a `Response` streaming AG-UI events as server-sent events — `RUN_STARTED` (echoing the client's
 * `threadId` / `runId`), `TEXT_MESSAGE_*`, `TOOL_CALL_*` with `TOOL_CALL_RESULT`, then
 * `RUN_FINISHED`, or `RUN_ERROR` if the run fails.
 *
 * The conversation id (`gen_ai.conversation.id`) is `options.conversationId` if given, else the
 * client's `threadId` (a `threadId` of `'new'` forks like the sentinel). The AG-UI `runId` is not the
 * agent run id: it goes on the `invoke_agent` span as `ag_ui.run_id` (with `ag_ui.thread_id`).
 * `options.messageHistory` (server-side) is prepended to the frontend's messages.
 *
 * A malformed body gets `400` with `{ error: { message, field } }`; a non-POST request `405`.
 * Aborting the request (the client disconnects) cancels the run.
 */
export async function handleAgUiRequest(
  agent: StreamingAgent,
  request: Request,
  options: AgUiRequestOptions = {},
): Promise<Response> {
  const plan = await planPostRequest(request, options.maxBodyBytes, planAgUiRun);
  if (plan instanceof Response) return plan;
  const { input, prompt } = plan;
  const history = [...(options.messageHistory ?? []), ...plan.history];
  const conversationId = options.conversationId ?? input.threadId;
  const writer = new AgUiEventWriter({
    threadId: input.threadId,
    runId: input.runId,
    parentRunId: input.parentRunId,
    provider: agent.model?.system,
    model: agent.model?.modelName,
    ...(options.errorMessage ? { errorMessage: options.errorMessage } : {}),
  });
  const body = runEventStream({
    writer,
    signal: combinedSignal(request, options.signal),
    startRun: (signal) =>
      agent.runStream(prompt, {
        messageHistory: history,
        conversationId,
        signal,
        ...(options.modelSettings ? { modelSettings: options.modelSettings } : {}),
        spanAttributes: { [ATTR_AG_UI_RUN_ID]: input.runId, [ATTR_AG_UI_THREAD_ID]: input.threadId },
      }),
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
