"""Prints a history holding every kind of part pydantic-ai 2.x writes that convtrace may be handed.

The parts convtrace models (system/user prompts, tool calls and returns, retries, text, thinking) with
their optional fields set, multi-modal user content, and kinds convtrace keeps verbatim without
modelling them (native tool calls and returns, files). The dump is ModelMessagesTypeAdapter's JSON.
"""

import warnings

from pydantic_ai.messages import (
    BinaryContent,
    DocumentUrl,
    FilePart,
    ImageUrl,
    ModelMessagesTypeAdapter,
    ModelRequest,
    ModelResponse,
    NativeToolCallPart,
    NativeToolReturnPart,
    RequestUsage,
    RetryPromptPart,
    SystemPromptPart,
    TextPart,
    ThinkingPart,
    ToolCallPart,
    ToolReturnPart,
    UserPromptPart,
)

# RetryPromptPart is deprecated in 2.x but still loaded and written; histories saved earlier hold it.
warnings.simplefilter('ignore')
messages = [
    ModelRequest(
        parts=[
            SystemPromptPart('You are terse.', dynamic_ref='sys'),
            UserPromptPart(
                [
                    'Look at these',
                    ImageUrl('https://example.com/a.png'),
                    BinaryContent(b'\x89PNG', media_type='image/png'),
                    DocumentUrl('https://example.com/a.pdf'),
                ]
            ),
            ToolReturnPart('lookup', {'rows': [1, 2]}, tool_call_id='c1'),
            ToolReturnPart('lookup', 'bad arguments', tool_call_id='c2', outcome='retried'),
            RetryPromptPart('try again', tool_name='lookup', tool_call_id='c3'),
            RetryPromptPart(
                [{'type': 'missing', 'loc': ['q'], 'msg': 'Field required', 'input': {}}],
                tool_name='lookup',
                tool_call_id='c4',
            ),
        ],
        instructions='Answer briefly.',
        metadata={'tenant': 'a'},
    ),
    ModelResponse(
        parts=[
            TextPart('hello', id='msg_1'),
            ThinkingPart('hmm', id='rs_1', signature='sig==', provider_name='openai'),
            ToolCallPart('lookup', '{"q": 1}', tool_call_id='c1'),
            ToolCallPart('lookup', None, tool_call_id='c5'),
            NativeToolCallPart('web_search', {'query': 'x'}, tool_call_id='b1', provider_name='openai'),
            NativeToolReturnPart('web_search', {'results': []}, tool_call_id='b1', provider_name='openai'),
            FilePart(BinaryContent(b'img', media_type='image/png')),
        ],
        usage=RequestUsage(input_tokens=3, output_tokens=4, details={'reasoning_tokens': 1}),
        model_name='gpt-4.1',
        provider_name='openai',
        provider_url='https://api.openai.com/v1/',
        provider_details={'conversation_id': 'conv_1', 'finish_reason': 'completed'},
        provider_response_id='resp_1',
        finish_reason='stop',
        run_id='r1',
        conversation_id='c1',
    ),
]
print(ModelMessagesTypeAdapter.dump_json(messages).decode())
