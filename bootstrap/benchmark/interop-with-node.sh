#!/usr/bin/env bash
# Interoperability with the Node dashboard (InteropWithNode): our server and `ccs config` of @kaitranntt/ccs on one
# CCS directory set up as `ccs` sets it up (its settings only, no proxy config, the stand-in proxy as the binary).
# We start the proxy and the Node dashboard lists models and error logs through it; then the reverse. Prints one
# line per check, "N passed, N failed" last, and exits 1 when any check fails.
# Usage: bootstrap/benchmark/interop-with-node.sh. Needs Maven, a JDK 21+ (found like the launcher does), Node 18+
# with npm. The pinned @kaitranntt/ccs is installed once into bootstrap/target/bench-node (npm registry only,
# install scripts off; HOME points at a temp directory, so nothing touches ~/.ccs). Extra Maven flags:
# BENCHMARK_MAVEN_FLAGS="-o".
set -euo pipefail

CCS_VERSION=7.79.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=../src/main/launcher/find-java.sh
. bootstrap/src/main/launcher/find-java.sh
java_cmd="$(find_java_21)" || { echo "interop-with-node: needs a JDK 21 or newer" >&2; exit 1; }

node_dir="bootstrap/target/bench-node"
ccs_js="$node_dir/node_modules/@kaitranntt/ccs/dist/ccs.js"
# shellcheck disable=SC2086
mvn -B -q ${BENCHMARK_MAVEN_FLAGS:-} -pl bootstrap -am -Pbenchmark -DskipTests package
if [[ "$(node -p "require('./$node_dir/node_modules/@kaitranntt/ccs/package.json').version" 2>/dev/null)" != "$CCS_VERSION" ]]; then
    mkdir -p "$node_dir"
    npm install --prefix "$node_dir" --no-audit --no-fund --ignore-scripts --no-save "@kaitranntt/ccs@$CCS_VERSION" >/dev/null
fi

exec "$java_cmd" -XX:+UseSerialGC -Xmx128m \
    -cp "bootstrap/target/test-classes:bootstrap/target/classes:$(cat bootstrap/target/benchmark.classpath)" \
    dev.cliproxy.control.InteropWithNode bootstrap/target/cliproxy-control node "$ccs_js"
