#!/usr/bin/env bash
# Times the proxy's start-to-ready and stop-to-exited with the stand-in proxy (ProxyLifecycleBenchmark).
# Usage: bootstrap/benchmark/proxy-lifecycle.sh [runs]      (default 20 runs after one warm-up)
set -euo pipefail
JAVA_OPTS="${JAVA_OPTS:-} -Dbenchmark.runs=${1:-20}" exec "$(dirname "${BASH_SOURCE[0]}")/run-benchmark.sh" \
    ProxyLifecycleBenchmark
