package dev.cliproxy.control.bootstrap.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's JDK search ({@code src/main/launcher/find-java.sh}) on fake JDKs: a {@code release} file and a
 * {@code bin/java} in a temp HOME and a temp folder standing for / ({@code FIND_JAVA_ROOT}), with a PATH that holds
 * only the few tools the script uses (and no java).
 */
class FindJavaTest {

    private static final Path SCRIPT = Path.of("src/main/launcher/find-java.sh").toAbsolutePath();
    private static final Path LAUNCHER = Path.of("src/main/launcher/cliproxy-control").toAbsolutePath();
    private static final List<String> TOOLS = List.of("readlink", "dirname", "sed", "head", "uname");

    @TempDir
    Path temp;
    private Path home;
    private Path root;
    private Path tools;
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void emptyMachine() throws IOException {
        home = Files.createDirectories(temp.resolve("home"));
        root = Files.createDirectories(temp.resolve("root"));
        tools = Files.createDirectories(temp.resolve("tools"));
        for (String tool : TOOLS) {
            Files.createSymbolicLink(tools.resolve(tool), onRealPath(tool));
        }
    }

    /** Every place Maven's toolchain discovery looks, and the launcher's extra ones (~ is HOME, / is the root). */
    @ParameterizedTest
    @ValueSource(strings = {
            "~/.jdks/temurin-21.0.5", "~/.m2/jdks/jdk-21.0.5+11", "~/.sdkman/candidates/java/21.0.5-tem",
            "~/.gradle/jdks/eclipse_adoptium-21-amd64-linux", "~/.gradle/jdks/jdk-21.0.5+11/Contents/Home",
            "~/.jenv/versions/21", "~/.jbang/cache/jdks/21", "~/.asdf/installs/java/temurin-21.0.5+11",
            "~/.jabba/jdk/temurin@21", "~/Library/Java/JavaVirtualMachines/temurin-21/Contents/Home",
            "/usr/lib/jvm/java-21-openjdk-amd64", "/usr/local/lib/jvm/jdk-21", "/usr/jdk/jdk-21", "/usr/java/jdk-21",
            "/opt/java/openjdk", "/opt/jdk-21.0.5", "/Library/Java/JavaVirtualMachines/temurin-21.jdk/Contents/Home",
            "/opt/homebrew/opt/openjdk@21/libexec/openjdk.jdk/Contents/Home",
            "/usr/local/opt/openjdk@21/libexec/openjdk.jdk/Contents/Home",
            "/home/linuxbrew/.linuxbrew/opt/openjdk@21/libexec"})
    void findsAJava21InEachPlace(String place) throws Exception {
        Path java = fakeJava(place.startsWith("~/") ? home.resolve(place.substring(2)) : root.resolve(place.substring(1)),
                "21.0.5", true);
        assertEquals(java.toString(), run("find_java_21").out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"JAVA_HOME", "JAVA21_HOME", "JAVA_21_HOME", "JDK21_HOME", "JDK_21_HOME", "JAVA_HOME_21_X64"})
    void findsAJava21NamedByAVariable(String variable) throws Exception {
        Path java = fakeJava(temp.resolve("anywhere/jdk"), "21.0.5", true);
        environment.put(variable, temp.resolve("anywhere/jdk").toString());
        assertEquals(java.toString(), run("find_java_21").out());
    }

    @Test
    void findsTheJavaOnThePath() throws Exception {
        Path java = fakeJava(temp.resolve("anywhere/jdk"), "25", true);
        Files.createSymbolicLink(tools.resolve("java"), java);
        assertEquals(tools.resolve("java").toString(), run("find_java_21").out());
    }

    @Test
    void aRuntimeWithoutJavacIsEnoughToRunTheServer() throws Exception {
        Path java = fakeJava(home.resolve(".jdks/jre-21"), "21.0.5", false);
        assertEquals(java.toString(), run("find_java_21").out());
    }

    @Test
    void skipsJavasOlderThan21() throws Exception {
        fakeJava(temp.resolve("old"), "17.0.15", true);
        environment.put("JAVA_HOME", temp.resolve("old").toString());
        fakeJava(root.resolve("usr/lib/jvm/java-11"), "11.0.2", true);
        Path java = fakeJava(home.resolve(".sdkman/candidates/java/21.0.5-tem"), "21.0.5", true);
        assertEquals(java.toString(), run("find_java_21").out());
    }

    @Test
    void asksAJavaWithoutAReleaseFileForItsVersion() throws Exception {
        Path java = root.resolve("opt/java/bare/bin/java");
        executable(java, "#!/bin/sh\necho '    java.specification.version = 21' >&2\n");
        assertEquals(java.toString(), run("find_java_21").out());
    }

    @Test
    void theLauncherSaysExactlyWhatToInstallWhenThereIsNoJava21() throws Exception {
        fakeJava(root.resolve("usr/lib/jvm/java-17-openjdk-amd64"), "17.0.15", true);
        executable(tools.resolve("apt-get"), "#!/bin/sh\nexit 0\n");
        executable(tools.resolve("apt-cache"), "#!/bin/sh\nexit 0\n");   // the package exists

        Result result = launch();
        assertEquals(1, result.status(), result.err());
        assertTrue(result.err().contains("needs Java 21 or newer, and found none"), result.err());
        assertTrue(result.err().contains(root.resolve("usr/lib/jvm/java-17-openjdk-amd64/bin/java") + " is Java 17"),
                result.err());
        assertTrue(result.err().contains("apt-get install openjdk-21-jre-headless"), result.err());
    }

    @Test
    void withoutAnOpenjdk21PackageItNamesAdoptiumsOne() throws Exception {
        executable(tools.resolve("apt-get"), "#!/bin/sh\nexit 0\n");
        executable(tools.resolve("apt-cache"), "#!/bin/sh\nexit 100\n");   // Debian 12: no such package

        Result result = run("java_21_advice");
        assertTrue(result.out().contains("no openjdk-21 (Debian 12 has none)"), result.out());
        assertTrue(result.out().contains("apt-get install temurin-21-jre"), result.out());
    }

    @Test
    void onMacOsItNamesHomebrewsFormula() throws Exception {
        Files.delete(tools.resolve("uname"));
        executable(tools.resolve("uname"), "#!/bin/sh\necho Darwin\n");

        Result result = run("java_21_advice");
        assertTrue(result.out().contains("Install one with: brew install openjdk@21"), result.out());
    }

    @Test
    void elsewhereItNamesSdkmanAndAdoptium() throws Exception {
        Result result = run("java_21_advice");
        assertTrue(result.out().contains("sdk install java 21-tem"), result.out());
        assertTrue(result.out().contains("adoptium.net"), result.out());
    }

    /** A fake Java home: its {@code release} file names the version; {@code bin/java} is never run. */
    private static Path fakeJava(Path javaHome, String version, boolean withJavac) throws IOException {
        Files.createDirectories(javaHome.resolve("bin"));
        Files.writeString(javaHome.resolve("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = javaHome.resolve("bin/java");
        executable(java, "#!/bin/sh\necho 'fake java must not run' >&2\nexit 3\n");
        if (withJavac) {
            executable(javaHome.resolve("bin/javac"), "#!/bin/sh\nexit 3\n");
        }
        return java;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    record Result(int status, String out, String err) {
    }

    private Result run(String function) throws Exception {
        return bash(List.of("-c", ". \"$0\" && " + function, SCRIPT.toString()));
    }

    /** The launcher as the build lays it out: beside the jar (a placeholder: it must not get that far). */
    private Result launch() throws Exception {
        Path target = Files.createDirectories(temp.resolve("target"));
        Files.copy(LAUNCHER, target.resolve("cliproxy-control"));
        Files.copy(SCRIPT, target.resolve("find-java.sh"));
        Files.writeString(target.resolve("cliproxy-control.jar"), "not a jar");
        return bash(List.of(target.resolve("cliproxy-control").toString()));
    }

    private Result bash(List<String> arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(onRealPath("bash").toString());
        builder.command().addAll(arguments);
        builder.environment().clear();
        builder.environment().put("HOME", home.toString());
        builder.environment().put("PATH", tools.toString());
        builder.environment().put("FIND_JAVA_ROOT", root.toString());
        builder.environment().putAll(environment);
        builder.redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the script finished");
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(temp.resolve("out.txt")).strip(),
                Files.readString(temp.resolve("err.txt")));
    }

    private static Path onRealPath(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(tool + " is not on the PATH");
    }
}
