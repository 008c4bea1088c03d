/**
 * A tool return's `outcome` (pydantic-ai ≥ 2.68) reaches an OpenAI model as pydantic-ai sends it: a
 * `'failed'` or `'retried'` return is an error (`{"error": …}`), not the tool's result. The oracle is
 * the real pydantic-ai (`tool_returns.py`): every outcome × string, structured and empty content.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMessages, serializeMessages } from '../../src/messages/parse.ts';
import { toolReturnText } from '../../src/messages/parts.ts';
import type { ModelRequest, ToolReturnPart } from '../../src/messages/types.ts';
import { toChatMessages } from '../../src/models/openai/chat-mapping.ts';
import { toResponsesInput } from '../../src/models/openai/responses-mapping.ts';
import { PYTHON_TEST_TIMEOUT, runPythonScript } from '../support/python-run.ts';
import { assertVenv, shouldRunPythonTests } from '../support/python-venv.ts';

describe.runIf(shouldRunPythonTests())('tool returns of every outcome, against pydantic-ai', () => {
  let python: { history: unknown[]; texts: string[] };
  let parts: ToolReturnPart[];

  beforeAll(async () => {
    assertVenv();
    python = await runPythonScript('tool_returns.py', {});
    const [request] = parseMessages(JSON.stringify(python.history)) as [ModelRequest];
    parts = request.parts as ToolReturnPart[];
  }, PYTHON_TEST_TIMEOUT);

  it('loads every outcome and saves it back unchanged', () => {
    expect(new Set(parts.map((p) => p.outcome))).toEqual(
      new Set(['success', 'failed', 'retried', 'denied', 'interrupted']),
    );
    expect(JSON.parse(serializeMessages(parseMessages(JSON.stringify(python.history))))).toEqual(
      python.history,
    );
  });

  it('gives each part the text pydantic-ai gives an OpenAI model', () => {
    expect(parts.map(toolReturnText)).toEqual(python.texts);
    // The oracle does tell the outcomes apart: a failed return is not sent as its content.
    const failed = parts.findIndex((p) => p.outcome === 'failed' && p.content === 'bad arguments');
    expect(python.texts[failed]).toBe('{"error":"bad arguments"}');
  });

  it('sends that text in Chat `tool` messages and Responses `function_call_output` items', () => {
    const history = parseMessages(JSON.stringify(python.history));
    const chat = toChatMessages(history).filter((m) => m.role === 'tool');
    expect(chat.map((m) => m.content)).toEqual(python.texts);
    const responses = toResponsesInput(history).filter((i) => i.type === 'function_call_output');
    expect(responses.map((i) => i.output)).toEqual(python.texts);
  });
});
