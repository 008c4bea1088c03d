import { type Attributes, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { getRunBaggageAttributes } from '../conversation/baggage.ts';
import { nowIso } from '../messages/build.ts';
import { toolCallArgsObject, toolCallArgsValue } from '../messages/parts.ts';
import type { RetryPromptPart, ToolCallPart, ToolReturnPart } from '../messages/types.ts';
import { withSpan } from '../run/span.ts';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_ID,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_DESCRIPTION,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  GEN_AI_OPERATION,
} from '../semconv/attributes.ts';
import { contentAttribute } from '../semconv/content.ts';
import { recordSpanError } from '../semconv/span-error.ts';
import { setRunIdAliases } from '../semconv/stability.ts';
import { ModelRetry, type Tool, type ToolContext } from './tool.ts';

/** What running one tool call produced. `retry` marks a retry prompt sent back to the model. */
export type ToolOutcome = { part: ToolReturnPart } | { part: RetryPromptPart; retry: true };

function retryPart(call: ToolCallPart, content: string, toolName: string | null): RetryPromptPart {
  return {
    part_kind: 'retry-prompt',
    content,
    tool_name: toolName,
    tool_call_id: call.tool_call_id,
    timestamp: nowIso(),
  };
}

/**
 * Runs one tool call in an `execute_tool {tool}` span (INTERNAL; the run's ids from baggage, tool
 * name / call id / type; arguments and result only when content capture is on). Bad arguments and
 * {@link ModelRetry} become retry prompts; any other error is recorded and rethrown.
 */
export function executeToolCall(
  call: ToolCallPart,
  tools: ReadonlyMap<string, Tool>,
  ctx: Omit<ToolContext, 'toolCallId' | 'span'>,
  captureContent: boolean,
): Promise<ToolOutcome> {
  const found = tools.get(call.tool_name);
  if (!found) {
    const names = [...tools.keys()].join(', ') || 'none';
    return Promise.resolve({
      part: retryPart(call, `Unknown tool name: '${call.tool_name}'. Available tools: ${names}`, null),
      retry: true,
    });
  }
  const attributes: Attributes = {
    ...getRunBaggageAttributes(),
    [ATTR_GEN_AI_OPERATION_NAME]: GEN_AI_OPERATION.executeTool,
    [ATTR_GEN_AI_TOOL_NAME]: found.name,
    [ATTR_GEN_AI_TOOL_CALL_ID]: call.tool_call_id,
    [ATTR_GEN_AI_TOOL_TYPE]: 'function',
    ...(found.description ? { [ATTR_GEN_AI_TOOL_DESCRIPTION]: found.description } : {}),
  };
  setRunIdAliases(attributes);
  if (captureContent)
    attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = contentAttribute(toolCallArgsValue(call.args));
  return withSpan(
    `${GEN_AI_OPERATION.executeTool} ${found.name}`,
    { kind: SpanKind.INTERNAL, attributes },
    async (span): Promise<ToolOutcome> => {
      try {
        let args: unknown;
        try {
          args = found.parameters.parse(toolCallArgsObject(call));
        } catch (err) {
          span.setAttribute(ATTR_ERROR_TYPE, 'ToolArgumentsError');
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'invalid tool arguments' });
          return {
            part: retryPart(call, `Invalid arguments: ${(err as Error).message}`, found.name),
            retry: true,
          };
        }
        const result = await found.execute(args, { ...ctx, span, toolCallId: call.tool_call_id });
        if (captureContent) span.setAttribute(ATTR_GEN_AI_TOOL_CALL_RESULT, contentAttribute(result ?? null));
        const part: ToolReturnPart = {
          part_kind: 'tool-return',
          tool_name: found.name,
          content: result ?? null,
          tool_call_id: call.tool_call_id,
          metadata: null,
          timestamp: nowIso(),
        };
        return { part };
      } catch (err) {
        // A ModelRetry answers the model: recorded without an exception event, not rethrown. Every
        // other error is the span helper's to record.
        if (!(err instanceof ModelRetry)) throw err;
        const error = recordSpanError(span, err, false);
        return { part: retryPart(call, error.message, found.name), retry: true as const };
      }
    },
  );
}
