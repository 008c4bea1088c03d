"""A pydantic-ai service that takes its turn in a conversation a TypeScript convtrace agent started.

POST /chat {"messages": <history JSON>, "prompt": "..."} runs one pydantic-ai turn on that history and
answers with the whole history (pydantic-ai's JSON, which convtrace's parseMessages reads). The turn
keeps the history's conversation_id; its spans go over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT) next to
the TypeScript agent's. Needs OPENAI_API_KEY (or OPENAI_BASE_URL for any OpenAI-compatible server).

    pip install -r requirements.txt && python service.py   # listens on PORT, default 8000
"""

import json
import os
from wsgiref.simple_server import make_server

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.instrumentation.wsgi import OpenTelemetryMiddleware
from opentelemetry.processor.baggage import BaggageSpanProcessor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from pydantic_ai import Agent
from pydantic_ai.messages import ModelMessagesTypeAdapter
from pydantic_ai.models.instrumented import InstrumentationSettings

# Tracing: OTLP/HTTP export; when a convtrace run calls this service, its three ids arrive in W3C
# baggage (propagated by default) and are copied onto this service's spans.
RUN_KEYS = ('gen_ai.agent.name', 'gen_ai.agent.call.id', 'gen_ai.conversation.id')
provider = TracerProvider(resource=Resource.create({'service.name': 'python-agent'}))
provider.add_span_processor(BaggageSpanProcessor(lambda key: key in RUN_KEYS))
provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
trace.set_tracer_provider(provider)
Agent.instrument_all(InstrumentationSettings(include_content=False))

agent = Agent('openai-responses:gpt-4.1', name='python-agent')


def chat(environ, start_response):
    body = json.loads(environ['wsgi.input'].read(int(environ.get('CONTENT_LENGTH') or 0)))
    history = ModelMessagesTypeAdapter.validate_python(body['messages'])
    # No conversation_id argument: the run takes the newest one on the history, like convtrace.
    result = agent.run_sync(body['prompt'], message_history=history)
    out = ModelMessagesTypeAdapter.dump_json(result.all_messages())
    start_response('200 OK', [('content-type', 'application/json')])
    return [out]


server = make_server('127.0.0.1', int(os.environ.get('PORT', '8000')), OpenTelemetryMiddleware(chat))
print(f'listening on http://127.0.0.1:{server.server_port}', flush=True)
try:
    server.serve_forever()
except KeyboardInterrupt:
    pass
finally:
    provider.shutdown()  # flushes the spans still queued
