package dev.cliproxy.control.testing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes the small launcher script that runs {@link StandInProxy} as its own OS process, the way the control
 * plane runs the real binary ({@code <launcher> --config <file>}). The classpath is where this class was loaded
 * from (the build's {@code target/classes}, or the testkit jar): the stand-in needs nothing but the JDK.
 * The script {@code exec}s Java, so the launched PID is the stand-in itself.
 */
public final class StandInLauncher {

    private StandInLauncher() {
    }

    /** Creates {@code <directory>/cli-proxy-api} and returns its path. */
    public static Path install(Path directory) throws IOException {
        return install(directory, "cli-proxy-api");
    }

    /** Creates {@code <directory>/<name>} (for example the Plus backend's {@code cli-proxy-api-plus}). */
    public static Path install(Path directory, String name) throws IOException {
        Path script = directory.resolve(name);
        Files.createDirectories(directory);
        Files.writeString(script, script(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The launcher's text: a shell script that {@code exec}s the stand-in with this JVM. */
    public static String script() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "#!/bin/sh\n"
                + "# Runs the CLIProxyAPI stand-in (test scope of cliproxy-control).\n"
                + "exec " + quote(java) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -Xss512k -Xmx64m"
                + " -cp " + quote(classpath()) + " " + StandInProxy.class.getName() + " \"$@\"\n";
    }

    private static String classpath() {
        try {
            return Path.of(StandInProxy.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
