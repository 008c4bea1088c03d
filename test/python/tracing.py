"""OpenTelemetry for the Python side of the test/python suites, the way a pydantic-ai service sets it up.

OTLP/HTTP export (endpoint from OTEL_EXPORTER_OTLP_ENDPOINT), W3C tracecontext + baggage propagation, a
BaggageSpanProcessor copying the three run ids from baggage onto every span (what convtrace's
RunBaggageSpanProcessor does in Node), and pydantic-ai's own instrumentation on every Agent.
"""

import os

from opentelemetry import trace
from opentelemetry.baggage.propagation import W3CBaggagePropagator
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.processor.baggage import BaggageSpanProcessor
from opentelemetry.propagate import set_global_textmap
from opentelemetry.propagators.composite import CompositePropagator
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

# Baggage is caller-controlled input: copy only the run keys, never everything.
RUN_KEYS = ('gen_ai.agent.name', 'gen_ai.agent.call.id', 'gen_ai.conversation.id')


def setup_tracing(service_name: str) -> TracerProvider:
    """Registers the global provider and propagators; call provider.shutdown() before exiting (flushes)."""
    provider = TracerProvider(resource=Resource.create({'service.name': service_name}))
    provider.add_span_processor(BaggageSpanProcessor(lambda key: key in RUN_KEYS))
    # Simple (not batch) export: the scripts are short-lived and the tests read spans right after.
    # OTEL_TRACES_EXPORTER=none (the standard switch) exports nothing, for suites that read no spans.
    if os.environ.get('OTEL_TRACES_EXPORTER', 'otlp').strip().lower() != 'none':
        provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    set_global_textmap(CompositePropagator([TraceContextTextMapPropagator(), W3CBaggagePropagator()]))
    return provider


def instrument_pydantic_ai(provider: TracerProvider) -> None:
    """pydantic-ai's instrumentation (invoke_agent / chat / execute_tool spans, run ids in baggage)."""
    from pydantic_ai import Agent
    from pydantic_ai.models.instrumented import InstrumentationSettings

    # Content off: the tests check ids and structure, and content is opt-in on both sides.
    Agent.instrument_all(InstrumentationSettings(tracer_provider=provider, include_content=False))
