import { stampIfMissing, stampOverwrite } from '../conversation/stamping.ts';
import { stampTurn, turnMetadataOf } from '../conversation/turns.ts';
import { InvalidArgumentError, UnexpectedModelBehaviorError, UsageLimitExceededError } from '../errors.ts';
import { addUsage, emptyUsage, modelRequest, nowIso } from '../messages/build.ts';
import { isModelRequest, responseText, responseToolCalls } from '../messages/parts.ts';
import type { ModelMessage, ModelRequest, RequestUsage, ToolCallPart } from '../messages/types.ts';
import type { Model, ModelRequestParameters, ModelSettings } from '../models/model.ts';
import type { RunContext } from '../run/context.ts';
import type { AgentEvent } from './events.ts';
import { executeToolCall, type ToolOutcome } from './execute-tool.ts';
import { callModel } from './model-call.ts';
import type { Tool } from './tool.ts';

/** Everything one run of the loop needs. */
export interface LoopInput {
  model: Model;
  instructions: string | null;
  systemPrompt: string | null;
  tools: ReadonlyMap<string, Tool>;
  params: ModelRequestParameters;
  settings: ModelSettings | undefined;
  maxModelRequests: number;
  captureContent: boolean;
  prompt: string | unknown[] | undefined;
  history: readonly ModelMessage[];
  run: RunContext;
  stream: boolean;
  signal: AbortSignal;
  emit: (event: AgentEvent) => void;
}

/** What the loop hands back. */
export interface LoopOutput {
  messages: ModelMessage[];
  newMessageIndex: number;
  output: string;
  usage: RequestUsage;
}

function firstRequest(input: LoopInput, messages: ModelMessage[]): ModelRequest {
  const ids = { runId: input.run.runId, conversationId: input.run.conversationId };
  if (input.prompt === undefined) {
    // Stamping S1 + S3 (legend: conversation/stamping.ts): resume without a prompt — rebuild the
    // trailing request, keeping its own ids and metadata; fill only what it lacks.
    const last = messages.at(-1);
    if (!last || !isModelRequest(last)) {
      throw new InvalidArgumentError('prompt', 'is required unless the message history ends with a request');
    }
    messages.pop();
    return stampIfMissing(
      { ...last, parts: [...last.parts], instructions: input.instructions ?? last.instructions ?? null },
      ids,
    );
  }
  const parts: ModelRequest['parts'] = [];
  if (input.systemPrompt && messages.length === 0) {
    parts.push({
      part_kind: 'system-prompt',
      content: input.systemPrompt,
      timestamp: nowIso(),
      dynamic_ref: null,
    });
  }
  parts.push({ part_kind: 'user-prompt', content: input.prompt, timestamp: nowIso() });
  return stampIfMissing(modelRequest(parts, { instructions: input.instructions }), ids); // stamping S2
}

/**
 * The agent loop: request → model → tool calls in `execute_tool` spans → tool returns → model ...
 * until the model answers without tool calls.
 *
 * Pitfall P1 (decided): consecutive requests are never merged — not in the history and not for the
 * model — so the trailing request always carries this run's `conversation_id`, and `'auto'`
 * server-side state stays scoped to the right conversation. Models that need alternating roles merge
 * on their wire items, after state resolution.
 */
export async function runLoop(input: LoopInput): Promise<LoopOutput> {
  const ids = { runId: input.run.runId, conversationId: input.run.conversationId };
  const messages: ModelMessage[] = [...input.history];
  const request = firstRequest(input, messages);
  const newMessageIndex = messages.length;
  messages.push(request);

  let usage = emptyUsage();
  const retries = new Map<string, number>();
  for (let index = 0; ; index++) {
    if (index >= input.maxModelRequests) {
      throw new UsageLimitExceededError(`the run exceeded ${input.maxModelRequests} model requests`);
    }
    input.signal.throwIfAborted();
    input.emit({ type: 'model-request', index });
    const response = await callModel(input.model, [...messages], input.settings, input.params, {
      stream: input.stream,
      signal: input.signal,
      captureContent: input.captureContent,
      onEvent: (e) => {
        if (e.type === 'text-delta') input.emit(e);
        else if (e.type === 'tool-call') input.emit({ type: 'tool-call', part: e.part });
      },
    });
    const calls = responseToolCalls(response);
    // Stamping S8 (overwrite) for the final streamed response; S4 (fill if missing) otherwise.
    if (input.stream && calls.length === 0) stampOverwrite(response, ids);
    else stampIfMissing(response, ids);
    messages.push(response);
    usage = addUsage(usage, response.usage);
    if (!input.stream) {
      const text = responseText(response);
      if (text) input.emit({ type: 'text-delta', delta: text });
      for (const call of calls) input.emit({ type: 'tool-call', part: call });
    }
    input.emit({ type: 'model-response', response });
    if (calls.length === 0) {
      // Where this turn's run span lives, so the next turn can link to it (see TURN_METADATA_KEY).
      const turn = turnMetadataOf(input.run.span, input.run.turnIndex);
      for (let i = newMessageIndex; i < messages.length; i++) stampTurn(messages[i]!, turn);
      return { messages, newMessageIndex, output: responseText(response), usage };
    }

    const outcomes = await Promise.all(
      calls.map((call) => runTool(input, call, messages, retries.get(call.tool_name) ?? 0)),
    );
    for (const outcome of outcomes) {
      if ('retry' in outcome) {
        const name = outcome.part.tool_name ?? '';
        const count = (retries.get(name) ?? 0) + 1;
        retries.set(name, count);
        const max = input.tools.get(name)?.maxRetries ?? 1;
        if (count > max) {
          throw new UnexpectedModelBehaviorError(
            `tool '${name || outcome.part.tool_call_id}' exceeded max retries count of ${max}`,
          );
        }
      }
    }
    // Stamping S2: the tool-return / retry request is a request the run produces.
    const next = stampIfMissing(
      modelRequest(
        outcomes.map((o) => o.part),
        { instructions: input.instructions },
      ),
      ids,
    );
    messages.push(next);
    for (const o of outcomes) input.emit({ type: 'tool-result', part: o.part });
  }
}

function runTool(
  input: LoopInput,
  call: ToolCallPart,
  messages: readonly ModelMessage[],
  retry: number,
): Promise<ToolOutcome> {
  return executeToolCall(
    call,
    input.tools,
    {
      runId: input.run.runId,
      conversationId: input.run.conversationId,
      agentName: input.run.agentName,
      turnIndex: input.run.turnIndex,
      retry,
      messages,
      signal: input.signal,
    },
    input.captureContent,
  );
}
