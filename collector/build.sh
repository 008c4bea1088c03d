#!/usr/bin/env bash
# Builds the two real binaries the pipeline tests and users run: Jaeger v2 and convtrace's
# OCB-built collector. Cached under .cache/bin (git-ignored); a present binary is not rebuilt.
# Jaeger's module path has no /v2 suffix, so `go install ...@v2.x` cannot work, and the module
# proxy here serves only tagged versions (no commit pseudo-versions). v1.76.0 is the same commit
# as Jaeger v2.13.0 (cmd/jaeger is the v2 binary) but its go.mod has a `replace`, which
# `go install pkg@version` rejects; so we build it from a throw-away module that requires it and
# repeats that replace (see collector/README.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/.cache/bin"
mkdir -p "$bin"
export GOFLAGS="${GOFLAGS:-} -mod=mod"
export GOTOOLCHAIN=local
# The checksum database here does not answer for many older collector modules Jaeger pins
# (404 on lookup), so verification relies on the module proxy alone.
export GOSUMDB="${GOSUMDB:-off}"

JAEGER_MODULE_VERSION=v1.76.0
JAEGER_VERSION=v2.13.0
BUILDER_VERSION=v0.159.0

build_jaeger() {
  [ -x "$bin/jaeger" ] && return 0
  echo "[convtrace] building jaeger $JAEGER_VERSION (module $JAEGER_MODULE_VERSION); cold cache takes 10-20 min" >&2
  local dir="$root/.cache/jaeger-build"
  rm -rf "$dir" && mkdir -p "$dir"
  cat > "$dir/go.mod" <<GOMOD
module convtrace.local/jaeger-build

go 1.26

require github.com/jaegertracing/jaeger $JAEGER_MODULE_VERSION

replace github.com/Shopify/sarama => github.com/Shopify/sarama v1.33.0
GOMOD
  (cd "$dir" && go get "github.com/jaegertracing/jaeger/cmd/jaeger@$JAEGER_MODULE_VERSION" \
    && CGO_ENABLED=0 go build -trimpath -o "$bin/jaeger" \
      -ldflags "-s -w -X github.com/jaegertracing/jaeger/internal/version.latestVersion=$JAEGER_VERSION" \
      github.com/jaegertracing/jaeger/cmd/jaeger)
}

build_collector() {
  [ -x "$bin/otelcol-convtrace" ] && return 0
  if [ ! -x "$bin/builder" ]; then
    GOBIN="$bin" go install "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION"
  fi
  echo "[convtrace] building otelcol-convtrace with ocb $BUILDER_VERSION; cold cache takes 5-15 min" >&2
  (cd "$root" && CGO_ENABLED=0 "$bin/builder" --config collector/builder-config.yaml)
  cp "$root/.cache/otelcol-build/otelcol-convtrace" "$bin/otelcol-convtrace"
}

if ! command -v go >/dev/null 2>&1; then
  echo "[convtrace] Go is required to build jaeger and the collector (go 1.26+)" >&2
  exit 1
fi
what="${1:-all}"
case "$what" in
  jaeger) build_jaeger ;;
  collector) build_collector ;;
  all) build_jaeger; build_collector ;;
  *) echo "usage: build.sh [jaeger|collector|all]" >&2; exit 2 ;;
esac
