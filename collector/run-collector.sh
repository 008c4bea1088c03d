#!/usr/bin/env bash
# Starts convtrace's collector with collector/otelcol.yaml, adding the Logfire overlay
# (collector/otelcol-logfire.yaml) when LOGFIRE_TOKEN is set. Extra arguments are passed through
# (e.g. --config another-overlay.yaml or --set ...). Binary: $OTELCOL_BIN or .cache/bin/otelcol-convtrace
# (build it with `npm run build:binaries`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin="${OTELCOL_BIN:-$here/../.cache/bin/otelcol-convtrace}"
args=(--config "$here/otelcol.yaml")
if [ -n "${LOGFIRE_TOKEN:-}" ]; then
  args+=(--config "$here/otelcol-logfire.yaml")
fi
exec "$bin" "${args[@]}" "$@"
