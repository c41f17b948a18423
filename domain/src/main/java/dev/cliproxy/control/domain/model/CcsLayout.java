package dev.cliproxy.control.domain.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where everything lives under a CCS directory (contract §1). The one place that knows the file names, so that
 * this tool and the {@code ccs} CLI always look at the same files.
 */
public record CcsLayout(Path ccsDirectory) {

    /** The proxy's port when nothing configures another. */
    public static final int DEFAULT_PROXY_PORT = 8317;

    private static final Pattern CONFIG_FILE = Pattern.compile("config(?:-([1-9]\\d{0,4}))?\\.yaml");
    private static final Pattern SESSIONS_FILE = Pattern.compile("sessions(?:-([1-9]\\d{0,4}))?\\.json");

    public CcsLayout {
        Objects.requireNonNull(ccsDirectory, "ccsDirectory");
        ccsDirectory = ccsDirectory.toAbsolutePath().normalize();
    }

    /**
     * {@code $CCS_DIR}, else {@code $CCS_HOME/.ccs}, else {@code $HOME/.ccs}, as the {@code ccs} CLI resolves it:
     * the environment's {@code HOME} (the JVM's {@code user.home} comes from the user database and ignores it), and
     * {@code fallbackHome} only when {@code HOME} is unset (Windows).
     */
    public static CcsLayout fromEnvironment(Map<String, String> environment, Path fallbackHome) {
        String ccsDir = environment.get("CCS_DIR");
        if (ccsDir != null && !ccsDir.isBlank()) {
            return new CcsLayout(Path.of(ccsDir));
        }
        String ccsHome = environment.get("CCS_HOME");
        if (ccsHome != null && !ccsHome.isBlank()) {
            return new CcsLayout(Path.of(ccsHome, ".ccs"));
        }
        String home = environment.get("HOME");
        return new CcsLayout((home != null && !home.isBlank() ? Path.of(home) : fallbackHome).resolve(".ccs"));
    }

    /** The {@code ccs} CLI's own settings, which may set the proxy's port. */
    public Path ccsConfigFile() {
        return ccsDirectory.resolve("config.yaml");
    }

    /** {@code <ccs-dir>/cliproxy}: the proxy's working directory and {@code WRITABLE_PATH}. */
    public Path cliproxyDirectory() {
        return ccsDirectory.resolve("cliproxy");
    }

    public Path authDirectory() {
        return cliproxyDirectory().resolve("auth");
    }

    public Path pausedAuthDirectory() {
        return cliproxyDirectory().resolve("auth-paused");
    }

    /**
     * Where removed accounts' token files wait to be restored ({@code RemovedAccount}); neither the proxy nor a
     * {@code ccs} tool looks there.
     */
    public Path removedAuthDirectory() {
        return cliproxyDirectory().resolve("auth-removed");
    }

    /** Why and until when the accounts in {@code auth-paused/} were paused; no {@code ccs} tool reads it. */
    public Path accountStateFile() {
        return cliproxyDirectory().resolve("account-state.json");
    }

    public Path logsDirectory() {
        return cliproxyDirectory().resolve("logs");
    }

    /** {@code config.yaml} for the default port, {@code config-<port>.yaml} for any other, as the CLI does. */
    public Path proxyConfigFile(int port) {
        return cliproxyDirectory().resolve(port == DEFAULT_PROXY_PORT ? "config.yaml" : "config-" + port + ".yaml");
    }

    /**
     * The port whose proxy config is the file named {@code fileName} in {@code cliproxy/}: the inverse of
     * {@link #proxyConfigFile}, so {@code config.yaml} is 8317 and {@code config-8317.yaml} is no port's.
     */
    public static OptionalInt portOfConfigFile(String fileName) {
        return portOf(CONFIG_FILE.matcher(fileName), fileName, port -> "config-" + port + ".yaml", "config.yaml");
    }

    /** The port whose session record is the file named {@code fileName}: the inverse of {@link #sessionsFile}. */
    public static OptionalInt portOfSessionsFile(String fileName) {
        return portOf(SESSIONS_FILE.matcher(fileName), fileName, port -> "sessions-" + port + ".json",
                "sessions.json");
    }

    private static OptionalInt portOf(Matcher m, String fileName, IntFunction<String> nameOf,
                                      String defaultName) {
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        int port = m.group(1) == null ? DEFAULT_PROXY_PORT : Integer.parseInt(m.group(1));
        String expected = port == DEFAULT_PROXY_PORT ? defaultName : nameOf.apply(port);
        return port <= 65535 && expected.equals(fileName) ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /** {@code sessions.json} for the default port, {@code sessions-<port>.json} for any other. */
    public Path sessionsFile(int port) {
        return cliproxyDirectory().resolve(port == DEFAULT_PROXY_PORT ? "sessions.json" : "sessions-" + port + ".json");
    }

    /**
     * Where the proxy's stdout and stderr go when this tool starts it, under {@code logs/} beside the proxy's own
     * logs but never named {@code error-*.log} (those are the proxy's request error logs).
     */
    public Path proxyOutputLog(int port) {
        return logsDirectory().resolve("proxy-output-" + port + ".log");
    }

    /**
     * The plain-text management secret of a config this tool wrote: the proxy replaces the one in its config with
     * a bcrypt hash on start, which cannot be used to authenticate.
     */
    public Path managementSecretFile(int port) {
        return cliproxyDirectory().resolve(".management-secret-" + port);
    }

    /** The usage history's SQLite database (written by this server only). */
    public Path usageDatabaseFile() {
        return cliproxyDirectory().resolve("usage.db");
    }

    /** The control server's own settings ({@code cliproxy/control.yaml}); no {@code ccs} tool reads or writes it. */
    public Path controlSettingsFile() {
        return cliproxyDirectory().resolve("control.yaml");
    }

    /** The cross-process startup mutex shared with the CLI. */
    public Path startupLockFile() {
        return cliproxyDirectory().resolve(".startup.lock");
    }

    /**
     * The lock one install or rollback holds against every other one, in any process, on this CCS directory (an
     * operating-system lock on the file, so it ends with its process); only this project uses it.
     */
    public Path installLockFile() {
        return cliproxyDirectory().resolve(".install.lock");
    }

    public Path binaryDirectory(Backend backend) {
        return cliproxyDirectory().resolve("bin").resolve(backend.folder());
    }

    public Path defaultBinary(Backend backend) {
        return binaryDirectory(backend).resolve(backend.binaryName());
    }
}
