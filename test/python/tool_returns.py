"""Prints what pydantic-ai sends an OpenAI model for tool returns of every outcome.

One request of ToolReturnParts (string, structured and empty content; outcomes success, failed,
retried, denied, interrupted), dumped with ModelMessagesTypeAdapter, and per part
`model_response_str()`: the text pydantic-ai's OpenAI Chat and Responses models put in the `tool`
message / `function_call_output` (errors wrapped as {"error": ...}, the OpenAI API having no native
error channel for tool results).
"""

import json

from pydantic_ai.messages import ModelMessagesTypeAdapter, ModelRequest, ToolReturnPart

CONTENTS = [
    'bad arguments',
    {'rows': [1, 2], 'note': 'naïve'},
    [{'type': 'missing', 'loc': ['q'], 'msg': 'Field required', 'input': {}}],
    None,
]
OUTCOMES = ['success', 'failed', 'retried', 'denied', 'interrupted']

parts = [
    ToolReturnPart('lookup', content, tool_call_id=f'c{i}', outcome=outcome)
    for i, (content, outcome) in enumerate((c, o) for o in OUTCOMES for c in CONTENTS)
]
history = json.loads(ModelMessagesTypeAdapter.dump_json([ModelRequest(parts=parts)]))
print(json.dumps({'history': history, 'texts': [p.model_response_str() for p in parts]}))
