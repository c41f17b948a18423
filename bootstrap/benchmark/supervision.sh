#!/usr/bin/env bash
# Times a supervised proxy's SIGKILL to ready again, with the stand-in proxy (SupervisionTest), the default 1 s
# initial backoff unless told otherwise. Usage: bootstrap/benchmark/supervision.sh [runs] [initialBackoff]
# (default 5 runs, 1s). Prints one line per run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
for _ in $(seq "${1:-5}"); do
    mvn -B -ntp -q -o test -pl bootstrap -am -Dsurefire.failIfNoSpecifiedTests=false \
        -Dtest='SupervisionTest#aKilledProxyComesBackAndAStoppedOneStaysStopped' \
        -Dsupervision.initialBackoff="${2:-1s}" >/dev/null
    grep -h '^supervision:' bootstrap/target/surefire-reports/*SupervisionTest-output.txt
done
