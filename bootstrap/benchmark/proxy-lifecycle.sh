#!/usr/bin/env bash
# Times the proxy's start-to-ready and stop-to-exited with the stand-in proxy (ProxyLifecycleBenchmark).
# Usage: bootstrap/benchmark/proxy-lifecycle.sh [runs]      (default 20 runs after one warm-up)
# Extra Maven flags (for example -o for offline): BENCHMARK_MAVEN_FLAGS="-o". Needs a JDK 21+ (found like the launcher does).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=../src/main/launcher/find-java.sh
. bootstrap/src/main/launcher/find-java.sh
java_cmd="$(find_java_21)" || { echo "proxy-lifecycle: needs a JDK 21 or newer" >&2; exit 1; }
# shellcheck disable=SC2086
mvn -B -q ${BENCHMARK_MAVEN_FLAGS:-} -pl bootstrap -am -Pbenchmark -DskipTests package
exec "$java_cmd" -Dbenchmark.runs="${1:-20}" \
    -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/benchmark.classpath)" \
    dev.cliproxy.control.ProxyLifecycleBenchmark
