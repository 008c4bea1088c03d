"""A Python HTTP service that knows nothing about agents, instrumented with opentelemetry-python.

Stdlib wsgiref server + the OTel WSGI middleware (extracts W3C traceparent + baggage, opens a SERVER
span); tracing.py's BaggageSpanProcessor copies the caller's three run ids onto its spans. Prints
{"port": N} once listening; answers with the headers it received.
"""

import json
import signal
import sys
import threading
from wsgiref.simple_server import WSGIRequestHandler, make_server

from opentelemetry import trace
from opentelemetry.instrumentation.wsgi import OpenTelemetryMiddleware
from tracing import setup_tracing

provider = setup_tracing(sys.argv[1] if len(sys.argv) > 1 else 'python-service')
tracer = trace.get_tracer('python-service')


def app(environ, start_response):
    with tracer.start_as_current_span('python-work'):
        body = json.dumps(
            {
                'baggage': environ.get('HTTP_BAGGAGE'),
                'traceparent': environ.get('HTTP_TRACEPARENT'),
            }
        ).encode()
    start_response('200 OK', [('content-type', 'application/json'), ('content-length', str(len(body)))])
    return [body]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # keep stdout for the port line only
        pass


server = make_server('127.0.0.1', 0, OpenTelemetryMiddleware(app), handler_class=QuietHandler)
# Serve on a thread; the main thread waits for SIGTERM/SIGINT, then lets the request in progress finish
# (its spans are exported as they end) before shutting the provider down. No span is cut off.
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
serving = threading.Thread(target=server.serve_forever)
serving.start()
print(json.dumps({'port': server.server_port}), flush=True)
signal.sigwait({signal.SIGTERM, signal.SIGINT})
server.shutdown()
serving.join()
provider.shutdown()
