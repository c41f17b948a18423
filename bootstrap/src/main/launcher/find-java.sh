# Sourced by the launcher (beside it in target/) and by the benchmark scripts: defines find_java_21, which prints
# the first java executable of major version 21 or newer among $JAVA_HOME, the PATH and the usual install folders.

# The major version of a java executable, or nothing when it does not run.
java_major_of() {
    "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

find_java_21() {
    local candidates=() candidate major dir
    [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
    command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
    for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* "$HOME"/.sdkman/candidates/java/* \
               /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        [[ -x "$dir/bin/java" ]] && candidates+=("$dir/bin/java")
    done
    for candidate in "${candidates[@]}"; do
        major="$(java_major_of "$candidate" || true)"
        if [[ -n "$major" && "$major" -ge 21 ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done
    return 1
}
