"""One pydantic-ai turn, driven by the test/python suites.

Reads a JSON config on stdin, runs a real pydantic-ai Agent once and prints one JSON line:
{run_id, conversation_id, output, trace_id, messages_json} where messages_json is
ModelMessagesTypeAdapter.dump_json(result.all_messages()) exactly as pydantic-ai writes it.

Config keys: prompt; history (a JSON string as saved by either side, or null); service (service.name);
model: 'function' (FunctionModel with a get_weather tool) or 'openai' (OpenAIResponsesModel against
openai.base_url with openai.conversation_id); weather_url: when set, the tool GETs it (instrumented
requests, so traceparent + baggage go along) and returns its answer under 'downstream'.
"""

import json
import sys

import requests
from opentelemetry import trace
from opentelemetry.instrumentation.requests import RequestsInstrumentor
from pydantic_ai import Agent
from pydantic_ai.messages import (
    ModelMessage,
    ModelMessagesTypeAdapter,
    ModelResponse,
    TextPart,
    ToolCallPart,
)
from pydantic_ai.models.function import AgentInfo, FunctionModel
from tracing import instrument_pydantic_ai, setup_tracing

config = json.load(sys.stdin)
provider = setup_tracing(config.get('service', 'python-agent'))
instrument_pydantic_ai(provider)
RequestsInstrumentor().instrument(tracer_provider=provider)
seen = {'trace_id': None}


def weather_model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
    """Asks for the weather of the prompt's last word, then answers with what the tool returned."""
    last = messages[-1]
    for part in last.parts:
        if part.part_kind == 'tool-return':
            return ModelResponse(parts=[TextPart(f'{part.content["city"]}: {part.content["forecast"]}')])
    prompt = next(p.content for p in last.parts if p.part_kind == 'user-prompt')
    return ModelResponse(parts=[ToolCallPart('get_weather', {'city': prompt.rstrip('?').split()[-1]})])


def build_agent() -> tuple[Agent, dict]:
    if config.get('model', 'function') == 'function':
        return Agent(FunctionModel(weather_model), name='py-agent', instructions='Answer briefly.'), {}
    from pydantic_ai.models.openai import OpenAIResponsesModel, OpenAIResponsesModelSettings
    from pydantic_ai.providers.openai import OpenAIProvider

    openai = config['openai']
    model = OpenAIResponsesModel(
        openai.get('model', 'gpt-4.1'),
        provider=OpenAIProvider(base_url=openai['base_url'], api_key=openai.get('api_key', 'sk-test')),
    )
    settings = OpenAIResponsesModelSettings(openai_conversation_id=openai['conversation_id'])
    return Agent(model, name='py-agent', instructions='Follow the user instructions exactly.'), settings


agent, settings = build_agent()


@agent.tool_plain
def get_weather(city: str) -> dict:
    """The weather of a city."""
    seen['trace_id'] = format(trace.get_current_span().get_span_context().trace_id, '032x')
    weather = {'city': city, 'forecast': 'sunny', 'temp_c': 21}
    if config.get('weather_url'):
        weather['downstream'] = requests.get(config['weather_url'], params={'city': city}, timeout=10).json()
    return weather


history = config.get('history')
result = agent.run_sync(
    config['prompt'],
    message_history=ModelMessagesTypeAdapter.validate_json(history) if history else None,
    model_settings=settings or None,
)
print(
    json.dumps(
        {
            'run_id': result.run_id,
            'conversation_id': result.conversation_id,
            'output': result.output,
            'trace_id': seen['trace_id'],
            'messages_json': ModelMessagesTypeAdapter.dump_json(result.all_messages()).decode(),
        }
    )
)
provider.shutdown()
