#!/usr/bin/env bash
# Builds the two real binaries the pipeline tests and users run: Jaeger v2 and convtrace's
# OCB-built collector, into .cache/bin (git-ignored). A binary is rebuilt only when it is missing or
# its pins changed (a stamp file next to it records the Jaeger version / the manifest's hash);
# FORCE=1 rebuilds anyway.
#
# Jaeger's module path has no /v2 suffix, so `go install ...@v2.x` cannot work, and the module
# proxy we build against serves only tagged versions (no commit pseudo-versions). v1.76.0 is the same
# commit as Jaeger v2.13.0 (cmd/jaeger is the v2 binary) but its go.mod has a `replace`, which
# `go install pkg@version` rejects; so we build it from a throw-away module that requires it and
# repeats that replace (see collector/README.md).
#
# Times on 2 cores: cold caches ~10 min each; warm GOMODCACHE/GOCACHE ~30 s (jaeger) / ~15 s (collector).
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
GO_MIN_MINOR=26

# up_to_date <binary> <stamp text>: true when the binary exists and was built with these pins.
up_to_date() {
  [ "${FORCE:-0}" != 1 ] && [ -x "$1" ] && [ -f "$1.stamp" ] && [ "$(cat "$1.stamp")" = "$2" ]
}

build_jaeger() {
  local stamp="jaeger $JAEGER_VERSION module $JAEGER_MODULE_VERSION"
  up_to_date "$bin/jaeger" "$stamp" && return 0
  echo "[convtrace] building jaeger $JAEGER_VERSION (module $JAEGER_MODULE_VERSION); cold cache takes ~10 min" >&2
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
  echo "$stamp" > "$bin/jaeger.stamp"
}

build_collector() {
  local stamp
  stamp="ocb $BUILDER_VERSION manifest $(sha256sum "$root/collector/builder-config.yaml" | cut -d' ' -f1)"
  up_to_date "$bin/otelcol-convtrace" "$stamp" && return 0
  if ! up_to_date "$bin/builder" "builder $BUILDER_VERSION"; then
    GOBIN="$bin" go install "go.opentelemetry.io/collector/cmd/builder@$BUILDER_VERSION"
    echo "builder $BUILDER_VERSION" > "$bin/builder.stamp"
  fi
  echo "[convtrace] building otelcol-convtrace with ocb $BUILDER_VERSION; cold cache takes ~10 min" >&2
  (cd "$root" && CGO_ENABLED=0 "$bin/builder" --config collector/builder-config.yaml)
  cp "$root/.cache/otelcol-build/otelcol-convtrace" "$bin/otelcol-convtrace"
  echo "$stamp" > "$bin/otelcol-convtrace.stamp"
}

if ! command -v go >/dev/null 2>&1; then
  echo "[convtrace] Go 1.$GO_MIN_MINOR+ is required to build jaeger and the collector (not found on PATH)" >&2
  exit 1
fi
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
if ! [ "$go_minor" -ge "$GO_MIN_MINOR" ] 2>/dev/null; then
  echo "[convtrace] Go 1.$GO_MIN_MINOR+ is required, found $(go env GOVERSION)" >&2
  exit 1
fi
what="${1:-all}"
case "$what" in
  jaeger) build_jaeger ;;
  collector) build_collector ;;
  all) build_jaeger; build_collector ;;
  *) echo "usage: build.sh [jaeger|collector|all]" >&2; exit 2 ;;
esac
