#!/usr/bin/env bash
# Times one quota automation pass over 100, 1,000 and 10,000 accounts against a loopback quota stub
# (AccountsBenchmark automation). Usage: bootstrap/benchmark/quota-automation.sh [--sizes 100,1000,10000] [--concurrent 4]
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/run-benchmark.sh" AccountsBenchmark automation "$@"
