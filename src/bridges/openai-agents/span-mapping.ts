/**
 * SDK span data → OTel span name, kind and attributes. Start: what is known when the SDK step begins;
 * end: what the step produced (model, usage, response id, tool output). Structural reads: every
 * field is optional, unknown span types keep their own name.
 */

import type { SpanData } from '@openai/agents';
import { type Attributes, SpanKind } from '@opentelemetry/api';
import { ATTR_GEN_AI_AGENT_NAME } from '../../conversation/keys.ts';
import { responsesOutputMessages } from '../../instrumentation/openai/content-capture.ts';
import { responsesResultAttributes } from '../../instrumentation/openai/response-attributes.ts';
import { toolCallArgsValue } from '../../messages/parts.ts';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_GEN_AI_TOOL_TYPE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_OPENAI_API_TYPE,
  GEN_AI_OPERATION,
} from '../../semconv/attributes.ts';
import { contentAttribute, messagesAttribute } from '../../semconv/content.ts';
import { agentsInputMessages } from './content.ts';
import {
  ATTR_OPENAI_AGENTS_GUARDRAIL_TRIGGERED,
  ATTR_OPENAI_AGENTS_HANDOFF_FROM,
  ATTR_OPENAI_AGENTS_HANDOFF_TO,
  ATTR_OPENAI_AGENTS_SPAN_TYPE,
  ATTR_OPENAI_AGENTS_TURN,
  OPERATION_INVOKE_WORKFLOW,
} from './keys.ts';

/** How a span starts. */
export interface StartInfo {
  name: string;
  kind: SpanKind;
  attributes: Attributes;
}

/** What a finished step adds. */
export interface EndInfo {
  /** A better name, now that the data is complete (e.g. `chat {model}`). */
  name?: string;
  attributes: Attributes;
}

type Obj = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Name and attributes of an SDK span as it starts. `run` marks the run's top-level span. */
export function startInfo(data: SpanData, run: boolean): StartInfo {
  const attributes: Attributes = { [ATTR_OPENAI_AGENTS_SPAN_TYPE]: data.type };
  const d = data as unknown as Obj;
  if (run) {
    attributes[ATTR_GEN_AI_OPERATION_NAME] = OPERATION_INVOKE_WORKFLOW;
    return {
      name: `${OPERATION_INVOKE_WORKFLOW} ${str(d.name) ?? data.type}`,
      kind: SpanKind.INTERNAL,
      attributes,
    };
  }
  switch (data.type) {
    case 'agent':
      attributes[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION.invokeAgent;
      attributes[ATTR_GEN_AI_AGENT_NAME] = data.name;
      return { name: `${GEN_AI_OPERATION.invokeAgent} ${data.name}`, kind: SpanKind.INTERNAL, attributes };
    case 'response':
    case 'generation': {
      attributes[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION.chat;
      attributes[ATTR_GEN_AI_PROVIDER_NAME] = 'openai';
      const model = str(d.model);
      if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
      return { name: model ? `chat ${model}` : 'chat', kind: SpanKind.CLIENT, attributes };
    }
    case 'function':
      attributes[ATTR_GEN_AI_OPERATION_NAME] = GEN_AI_OPERATION.executeTool;
      attributes[ATTR_GEN_AI_TOOL_NAME] = data.name;
      attributes[ATTR_GEN_AI_TOOL_TYPE] = 'function';
      return { name: `${GEN_AI_OPERATION.executeTool} ${data.name}`, kind: SpanKind.INTERNAL, attributes };
    case 'handoff':
      if (data.from_agent) attributes[ATTR_OPENAI_AGENTS_HANDOFF_FROM] = data.from_agent;
      return { name: 'handoff', kind: SpanKind.INTERNAL, attributes };
    case 'guardrail':
      return { name: `guardrail ${data.name}`, kind: SpanKind.INTERNAL, attributes };
    case 'turn':
      attributes[ATTR_OPENAI_AGENTS_TURN] = data.turn;
      attributes[ATTR_GEN_AI_AGENT_NAME] = data.agent_name;
      return { name: `turn ${data.turn}`, kind: SpanKind.INTERNAL, attributes };
    default:
      return {
        name: str(d.name) ? `${data.type} ${d.name}` : data.type,
        kind: SpanKind.INTERNAL,
        attributes,
      };
  }
}

/** Attributes (and a better name) of an SDK span as it ends; content only when `capture`. */
export function endInfo(data: SpanData, capture: boolean, maxContent: number): EndInfo {
  const attributes: Attributes = {};
  switch (data.type) {
    case 'response': {
      const response = data._response as Obj | undefined;
      const result = responsesResultAttributes(response);
      Object.assign(attributes, result);
      attributes[ATTR_OPENAI_API_TYPE] = 'responses';
      if (data.response_id) attributes[ATTR_GEN_AI_RESPONSE_ID] = data.response_id;
      const previous = str(response?.previous_response_id);
      if (previous) attributes[ATTR_GEN_AI_REQUEST_PREVIOUS_RESPONSE_ID] = previous;
      const model = result[ATTR_GEN_AI_RESPONSE_MODEL];
      if (model) attributes[ATTR_GEN_AI_REQUEST_MODEL] = model;
      if (capture) {
        const input = agentsInputMessages(data._input);
        if (input.length > 0) attributes[ATTR_GEN_AI_INPUT_MESSAGES] = messagesAttribute(input, maxContent);
        if (response) {
          const finish = result[ATTR_GEN_AI_RESPONSE_FINISH_REASONS];
          const reason = Array.isArray(finish) ? String(finish[0]) : undefined;
          attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = messagesAttribute(
            responsesOutputMessages(response, reason),
            maxContent,
            true,
          );
        }
      }
      return model ? { name: `chat ${model}`, attributes } : { attributes };
    }
    case 'generation': {
      const model = str(data.model);
      if (model) attributes[ATTR_GEN_AI_RESPONSE_MODEL] = model;
      const usage = data.usage;
      if (typeof usage?.input_tokens === 'number')
        attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.input_tokens;
      if (typeof usage?.output_tokens === 'number')
        attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = usage.output_tokens;
      attributes[ATTR_OPENAI_API_TYPE] = 'chat_completions';
      if (capture) {
        if (data.input)
          attributes[ATTR_GEN_AI_INPUT_MESSAGES] = contentAttribute(
            toolCallArgsValue(data.input),
            maxContent,
          );
        if (data.output) attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] = contentAttribute(data.output, maxContent);
      }
      return model ? { name: `chat ${model}`, attributes } : { attributes };
    }
    case 'function':
      if (capture) {
        if (data.input)
          attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS] = contentAttribute(
            toolCallArgsValue(data.input),
            maxContent,
          );
        if (data.output !== undefined && data.output !== '')
          attributes[ATTR_GEN_AI_TOOL_CALL_RESULT] = contentAttribute(data.output, maxContent);
      }
      return { attributes };
    case 'handoff':
      if (data.to_agent) {
        attributes[ATTR_OPENAI_AGENTS_HANDOFF_TO] = data.to_agent;
        return { name: `handoff ${data.to_agent}`, attributes };
      }
      return { attributes };
    case 'guardrail':
      attributes[ATTR_OPENAI_AGENTS_GUARDRAIL_TRIGGERED] = data.triggered;
      return { attributes };
    default:
      return { attributes };
  }
}
