# Sourced by the launcher (beside it in target/) and by the benchmark scripts: defines find_java_21, which prints
# the first java executable of major version 21 or newer among $JAVA_HOME, the PATH and the usual install folders.

# The major version of a java executable, or nothing when it does not run. The JDK's release file answers without
# starting a JVM (each start costs a tenth of a second or more, and a machine may have several JDKs to try).
java_major_of() {
    local resolved release version
    resolved="$(readlink -f "$1" 2>/dev/null || printf '%s' "$1")"
    release="$(dirname "$(dirname "$resolved")")/release"
    if [[ -r "$release" ]]; then
        version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$release")"
        version="${version#1.}"
        if [[ -n "$version" && -x "$resolved" ]]; then
            printf '%s\n' "${version%%[.+_-]*}"
            return 0
        fi
    fi
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
