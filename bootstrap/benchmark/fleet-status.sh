#!/usr/bin/env bash
# Times GET /api/fleet/status for a fleet of stand-in proxies, one of which never answers (FleetStatusBenchmark).
# Usage: bootstrap/benchmark/fleet-status.sh [--instances 20] [--timeout 1000] [--rounds 20]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-benchmark.sh" FleetStatusBenchmark "$@"
