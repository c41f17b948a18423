#!/usr/bin/env bash
# Side by side with the Node dashboard (CompareWithNodeBenchmark): throughput, p99 at saturation and p99 at a fixed
# offered rate of four routes and of proxy-status with no proxy, a bare Helidon endpoint as the ceiling, proxy start
# and stop, cold start, resident memory, our collector's pauses (overall and within the saturated runs); prints a
# markdown table and writes it to bootstrap/target/compare-with-node.md.
# Usage: bootstrap/benchmark/compare-with-node.sh [--seconds 10] [--warmup 5] [--threads 2] [--connections 8]
#        [--rate 200] [--cycles 10] [--client-warmup 3000]
#        or: bootstrap/benchmark/compare-with-node.sh --only status [--repeat 5] [--seconds 10]  (proxy-status in
#        both states against the bare endpoint, each run after its own bare run: the spread of the ratio; no Node)
#        or: bootstrap/benchmark/compare-with-node.sh --only lifecycle [--cycles 30]  (both servers' proxy-start
#        answers against the instant the stand-in's port opened)
# Needs: Maven, a JDK 21+ (found like the launcher does), Node 18+ with npm, wrk (installed with apt-get when missing
# and running as root). The pinned @kaitranntt/ccs is installed once into bootstrap/target/bench-node (npm registry
# only, install scripts off: nothing is written to ~/.ccs). Extra Maven flags: BENCHMARK_MAVEN_FLAGS="-o".
set -euo pipefail

CCS_VERSION=7.79.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=../src/main/launcher/find-java.sh
. bootstrap/src/main/launcher/find-java.sh
java_cmd="$(find_java_21)" || { echo "compare-with-node: needs a JDK 21 or newer" >&2; exit 1; }

if ! command -v wrk >/dev/null 2>&1; then
    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && apt-get install -y -qq wrk >/dev/null
    else
        echo "compare-with-node: needs wrk (for example: sudo apt-get install wrk)" >&2
        exit 1
    fi
fi

node_dir="bootstrap/target/bench-node"
ccs_js="$node_dir/node_modules/@kaitranntt/ccs/dist/ccs.js"
# shellcheck disable=SC2086
mvn -B -q ${BENCHMARK_MAVEN_FLAGS:-} -pl bootstrap -am -Pbenchmark -DskipTests package
if [[ " $* " != *" --only status "* ]] \
    && [[ "$(node -p "require('./$node_dir/node_modules/@kaitranntt/ccs/package.json').version" 2>/dev/null)" != "$CCS_VERSION" ]]; then
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-audit --no-fund --ignore-scripts --no-save "@kaitranntt/ccs@$CCS_VERSION" >/dev/null
fi

exec "$java_cmd" -XX:+UseSerialGC -Xmx256m \
    -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/benchmark.classpath)" \
    dev.cliproxy.control.CompareWithNodeBenchmark \
    --launcher bootstrap/target/cliproxy-control --node node --ccs-js "$ccs_js" --ccs-version "$CCS_VERSION" \
    --java-version "$("$java_cmd" -version 2>&1 | head -n 1)" "$@"
