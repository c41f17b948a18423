#!/usr/bin/env bash
# The usage history's scale, measured (README "Usage history"): ingests a million records spread over 30 days into
# the SQLite store the collector uses (a temp file), times the reports a dashboard asks for, and prints the
# database's size per million records. Rerunnable; nothing is kept.
# Usage: bootstrap/benchmark/usage.sh [--records 1000000] [--batch 1000] [--runs 20] [--db jdbc:postgresql://...]
# (--db measures a PostgreSQL you run instead; its size is not measured.) Extra Maven flags: BENCHMARK_MAVEN_FLAGS.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-benchmark.sh" UsageBenchmark "$@"
