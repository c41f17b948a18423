#!/usr/bin/env bash
# Times GET /api/cliproxy/accounts with 100, 1,000 and 10,000 token files (AccountsBenchmark listing).
# Usage: bootstrap/benchmark/accounts-listing.sh [--sizes 100,1000,10000] [--rounds 20]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-benchmark.sh" AccountsBenchmark listing "$@"
