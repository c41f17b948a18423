#!/usr/bin/env bash
# Builds the server and runs one benchmark program of bootstrap's test sources with a JDK 21+ (found like the
# launcher does). Usage: bootstrap/benchmark/run-benchmark.sh <ClassName> [arguments...]
#   ProxyLifecycleBenchmark   start-to-ready and stop-to-exited with the stand-in proxy (-Dbenchmark.runs via JAVA_OPTS)
#   FilesBenchmark            error-logs, auth-files and config.yaml over loopback [--seconds 5] [--concurrency 4]
#   FleetStatusBenchmark      GET /api/fleet/status, stand-in proxies and one dead [--instances 20] [--timeout 1000]
#   AccountsBenchmark         listing | automation: GET /accounts or one quota automation pass [--sizes 100,1000,10000]
#   UsageBenchmark            the usage store: ingest, reports over 30 days, size per million (usage.sh)
# Extra Maven flags (for example -o for offline): BENCHMARK_MAVEN_FLAGS="-o"; extra JVM options: JAVA_OPTS.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 <ClassName> [arguments...]" >&2
    exit 2
fi
benchmark="$1"
shift
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=../src/main/launcher/find-java.sh
. bootstrap/src/main/launcher/find-java.sh
java_cmd="$(find_java_21)" || { echo "run-benchmark: needs a JDK 21 or newer" >&2; exit 1; }
# shellcheck disable=SC2086
mvn -B -q ${BENCHMARK_MAVEN_FLAGS:-} -pl bootstrap -am -Pbenchmark -DskipTests package
# shellcheck disable=SC2086
exec "$java_cmd" ${JAVA_OPTS:-} \
    -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/benchmark.classpath)" \
    "dev.cliproxy.control.$benchmark" "$@"
