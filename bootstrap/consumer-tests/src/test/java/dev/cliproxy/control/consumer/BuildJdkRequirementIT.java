package dev.cliproxy.control.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's JDK check (the parent POM's require-jdk-21 rule) on a machine whose only Java 21 is one the toolchain
 * cannot use: {@code mvn -N validate} on the project's POM with a temp user home and a temp folder standing for /
 * in the system folders ({@code -Djdk.search.root}), Maven running on its own older Java.
 */
class BuildJdkRequirementIT {

    private static final Path PROJECT = Path.of("../..").toAbsolutePath().normalize();

    @TempDir
    Path temp;
    private Path home;
    private Path root;

    @BeforeEach
    void mavenOnAJavaOlderThan21() throws IOException {
        assumeTrue(major(Path.of(System.getProperty("consumer.mavenJavaHome"))) < 21,
                "Maven itself runs on Java 21+ here, which satisfies the rule whatever else the machine has");
        home = Files.createDirectories(temp.resolve("home"));
        root = Files.createDirectories(temp.resolve("root"));
    }

    @Test
    void aJava21RuntimeWithoutJavacIsNamedAndTheJdkPackageAskedFor() throws Exception {
        Path jre = fakeJava(home.resolve(".jdks/jre-21"), false);

        String output = validate(Map.of());
        assertTrue(output.contains("[JDK 21] " + jre + " is a Java 21 runtime without javac (a JRE): the build needs"
                + " the JDK"), output);
        assertTrue(output.contains("apt-get install openjdk-21-jdk-headless"), output);
        assertTrue(output.contains("BUILD FAILURE"), output);
    }

    @Test
    void aJdkWhereTheToolchainDoesNotLookIsNamedWithTheWayToUseIt() throws Exception {
        Path jdk = fakeJava(temp.resolve("elsewhere/jdk-21"), true);

        String output = validate(Map.of("JDK21_HOME", jdk.toString()));
        assertTrue(output.contains("[JDK 21] " + jdk + " is a JDK 21 where Maven's toolchain does not look: run Maven"
                + " with JAVA_HOME=" + jdk), output);
        assertTrue(output.contains("BUILD FAILURE"), output);
    }

    @Test
    void aJdkInMavensOwnJdkFolderPassesTheCheck() throws Exception {
        fakeJava(home.resolve(".m2/jdks/jdk-21.0.5+11"), true);

        String output = validate(Map.of());
        assertFalse(output.contains("[JDK 21]"), output);
        assertFalse(output.contains("The build needs a JDK 21"), output);
    }

    /** Runs {@code mvn -o -N validate}; returns what it printed. */
    private String validate(Map<String, String> variables) throws Exception {
        Path log = temp.resolve("validate.log");
        ProcessBuilder maven = new ProcessBuilder(
                Path.of(System.getProperty("consumer.mavenHome"), "bin", "mvn").toString(), "-B", "-ntp", "-o", "-N",
                "-f", PROJECT.resolve("pom.xml").toString(), "-Duser.home=" + home,
                "-Dmaven.repo.local=" + System.getProperty("consumer.mainRepository"), "-Djdk.search.root=" + root,
                "validate").redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().keySet().removeIf(name -> name.startsWith("JAVA") || name.startsWith("JDK"));
        maven.environment().put("JAVA_HOME", System.getProperty("consumer.mavenJavaHome"));
        maven.environment().putAll(variables);
        Process process = maven.start();
        try {
            assertTrue(process.waitFor(2, TimeUnit.MINUTES), "mvn validate finished");
        } finally {
            process.destroyForcibly();
        }
        String output = Files.readString(log);
        assertNotEquals(output.contains("BUILD FAILURE"), process.exitValue() == 0, output);
        return output;
    }

    private static Path fakeJava(Path javaHome, boolean withJavac) throws IOException {
        Files.createDirectories(javaHome.resolve("bin"));
        Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"21.0.5\"\n");
        for (String tool : withJavac ? List.of("java", "javac") : List.of("java")) {
            Path file = javaHome.resolve("bin").resolve(tool);
            Files.writeString(file, "#!/bin/sh\nexit 3\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        }
        return javaHome;
    }

    private static int major(Path javaHome) throws IOException {
        for (String line : Files.readAllLines(javaHome.resolve("release"))) {
            if (line.startsWith("JAVA_VERSION=")) {
                String version = line.substring("JAVA_VERSION=".length()).replace("\"", "").replaceFirst("^1\\.", "");
                return Integer.parseInt(version.replaceFirst("[^0-9].*", ""));
            }
        }
        return 0;
    }
}
