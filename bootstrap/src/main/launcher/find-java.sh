# shellcheck shell=bash
# Sourced by the launcher (beside it in target/) and by the benchmark scripts. Defines find_java_21, which prints
# the first java executable of major version 21 or newer, and java_21_advice, which says what to install when there
# is none. It looks wherever Maven's toolchain discovery looks (maven-toolchains-plugin 3.2), so that the launcher
# runs wherever the build ran, and in a few more places:
#   $JAVA_HOME, the PATH, variables such as $JAVA21_HOME, $JAVA_21_HOME, $JDK21_HOME or $JAVA_HOME_21_X64;
#   per user: ~/.jdks (IntelliJ), ~/.m2/jdks, ~/.sdkman/candidates/java, ~/.gradle/jdks, ~/.jenv/versions,
#   ~/.jbang/cache/jdks, ~/.asdf/installs/java, ~/.jabba/jdk, ~/Library/Java/JavaVirtualMachines;
#   system: /usr/lib/jvm, /usr/local/lib/jvm, /usr/jdk, /usr/java, /opt/java, /opt/jdk*,
#   /Library/Java/JavaVirtualMachines, and Homebrew's keg-only openjdk formulae (which it does not link:
#   /opt/homebrew/opt/openjdk@21/libexec/openjdk.jdk/Contents/Home, /usr/local/opt/..., Linuxbrew's libexec).
# FIND_JAVA_ROOT stands for / in the system folders; tests set it to a folder of fake JDKs.

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

# Every java executable the places above hold, one per line, in that order (duplicates included).
java_candidates() {
    local root="${FIND_JAVA_ROOT:-}" name dir home
    [[ -n "${JAVA_HOME:-}" ]] && printf '%s\n' "$JAVA_HOME/bin/java"
    command -v java 2>/dev/null || true
    for name in $(compgen -e); do
        if [[ "$name" =~ ^(JAVA|JDK)[A-Za-z0-9_]*_HOME$ || "$name" =~ ^JAVA_HOME_[0-9]+ ]]; then
            printf '%s\n' "${!name}/bin/java"
        fi
    done
    for dir in "$HOME"/.jdks/* "$HOME"/.m2/jdks/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.gradle/jdks/* \
               "$HOME"/.jenv/versions/* "$HOME"/.jbang/cache/jdks/* "$HOME"/.asdf/installs/java/* "$HOME"/.jabba/jdk/* \
               "$HOME"/Library/Java/JavaVirtualMachines/* \
               "$root"/usr/lib/jvm/* "$root"/usr/local/lib/jvm/* "$root"/usr/jdk/* "$root"/usr/java/* \
               "$root"/opt/java/* "$root"/opt/jdk* "$root"/Library/Java/JavaVirtualMachines/* \
               "$root"/opt/homebrew/opt/openjdk*/libexec/openjdk.jdk "$root"/usr/local/opt/openjdk*/libexec/openjdk.jdk \
               "$root"/home/linuxbrew/.linuxbrew/opt/openjdk*/libexec; do
        for home in "$dir" "$dir/Contents/Home"; do
            [[ -x "$home/bin/java" ]] && printf '%s\n' "$home/bin/java"
        done
    done
}

find_java_21() {
    local candidate major
    while IFS= read -r candidate; do
        major="$(java_major_of "$candidate" || true)"
        if [[ -n "$major" && "$major" -ge 21 ]]; then
            printf '%s\n' "$candidate"
            return 0
        fi
    done < <(java_candidates)
    return 1
}

# What to do when find_java_21 found nothing: the Javas that are too old, and the one command that installs a
# Java 21 on this system (a runtime is enough to run the server; building it needs the JDK package).
java_21_advice() {
    local candidate major seen="" sudo=""
    (( EUID != 0 )) && sudo="sudo "
    echo "cliproxy-control needs Java 21 or newer, and found none."
    while IFS= read -r candidate; do
        candidate="$(readlink -f "$candidate" 2>/dev/null || printf '%s' "$candidate")"
        [[ "$seen" == *"|$candidate|"* ]] && continue
        seen="$seen|$candidate|"
        major="$(java_major_of "$candidate" || true)"
        echo "  $candidate is Java ${major:-of an unknown version}"
    done < <(java_candidates)
    echo "Looked at JAVA_HOME, the PATH, JAVA21_HOME-style variables, ~/.jdks, ~/.m2/jdks, ~/.sdkman, ~/.gradle/jdks,"
    echo "/usr/lib/jvm, /opt/java, /Library/Java/JavaVirtualMachines and Homebrew's openjdk@21."
    if [[ "$(uname -s 2>/dev/null)" == Darwin ]]; then
        echo "Install one with: brew install openjdk@21"
    elif command -v apt-get >/dev/null 2>&1; then
        if apt-cache show openjdk-21-jre-headless >/dev/null 2>&1; then
            echo "Install one with: ${sudo}apt-get install openjdk-21-jre-headless"
        else
            echo "This system's apt sources have no openjdk-21 (Debian 12 has none): add Adoptium's repository"
            echo "(https://adoptium.net/installation/linux/) and run: ${sudo}apt-get install temurin-21-jre"
        fi
    elif command -v dnf >/dev/null 2>&1; then
        echo "Install one with: ${sudo}dnf install java-21-openjdk-headless"
    elif command -v yum >/dev/null 2>&1; then
        echo "Install one with: ${sudo}yum install java-21-openjdk-headless"
    elif command -v zypper >/dev/null 2>&1; then
        echo "Install one with: ${sudo}zypper install java-21-openjdk-headless"
    elif command -v apk >/dev/null 2>&1; then
        echo "Install one with: ${sudo}apk add openjdk21-jre-headless"
    elif command -v pacman >/dev/null 2>&1; then
        echo "Install one with: ${sudo}pacman -S jre21-openjdk-headless"
    else
        echo "Install one with SDKMAN! (sdk install java 21-tem) or from https://adoptium.net (Temurin 21)."
    fi
    echo "Or point JAVA_HOME (or JAVA21_HOME) at a Java 21 you already have."
}
