package dev.cliproxy.control.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Builds each Maven project of {@code src/it} ({@code mvn verify}) the way a user's project is built: on its own,
 * against the artifacts that invoker:install put into {@code target/local-repo}, with Maven's own JDK replaced by
 * the JDK this test runs on (the toolchain's JDK 21+). The consumers' settings let them read what the main build
 * already downloaded before asking Maven Central; when this build runs offline, so do they.
 */
class ConsumerProjectsIT {

    private static final Path SOURCES = Path.of("src/it");
    private static final Path COPIES = Path.of("target/it");
    private static final long DEADLINE_MINUTES = 10;
    private static final Pattern TESTS_RUN = Pattern.compile("<testsuite [^>]*?tests=\"(\\d+)\"");

    static Stream<String> consumers() throws IOException {
        try (Stream<Path> entries = Files.list(SOURCES)) {
            return entries.filter(dir -> Files.isRegularFile(dir.resolve("pom.xml")))
                    .map(dir -> dir.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("consumers")
    void buildsAndPassesItsOwnTests(String consumer) throws Exception {
        Path project = copy(SOURCES.resolve(consumer), COPIES.resolve(consumer));
        Path settings = copy(SOURCES.resolve("settings.xml"), COPIES.resolve("settings.xml"));
        Path log = COPIES.resolve(consumer + "-build.log");

        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("consumer.mavenHome"), "bin", "mvn").toString(), "-B", "-ntp",
                "-s", settings.toAbsolutePath().toString(),
                "-Dmaven.repo.local=" + Path.of(System.getProperty("consumer.repository")).toAbsolutePath(),
                "verify"));
        if ("offline=true".equals(System.getProperty("consumer.mode"))) {
            // Offline Maven refuses every remote repository, even a file one, unless told that file is local.
            command.addAll(1, List.of("-o", "-Daether.offline.protocols=file"));
        }
        ProcessBuilder maven = new ProcessBuilder(command).directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        maven.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // A build tool's JVM that lives seconds: no time spent on the optimising compiler.
        maven.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto");
        Process build = maven.start();
        try {
            assertTrue(build.waitFor(DEADLINE_MINUTES, TimeUnit.MINUTES), consumer + " built within the deadline");
            assertEquals(0, build.exitValue(), () -> consumer + " failed; the end of " + log + ":\n" + tail(log));
        } finally {
            build.destroyForcibly();
        }
        assertTrue(testsRun(project) > 0, consumer + " ran its tests");
    }

    /** A fresh copy of the project, with the {@code @name@} tokens that the consumer files use filled in. */
    private static Path copy(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path file : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Map<String, String> tokens = tokens();
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    String text = Files.readString(file, StandardCharsets.UTF_8);
                    for (Map.Entry<String, String> token : tokens.entrySet()) {
                        text = text.replace("@" + token.getKey() + "@", token.getValue());
                    }
                    Files.createDirectories(target.getParent());
                    Files.writeString(target, text, StandardCharsets.UTF_8);
                }
            }
        }
        return to;
    }

    private static Map<String, String> tokens() {
        Map<String, String> tokens = new TreeMap<>();
        tokens.put("project.version", System.getProperty("cliproxy.version"));
        tokens.put("localRepositoryUrl", Path.of(System.getProperty("consumer.mainRepository")).toUri().toString());
        String prefix = "consumer.filter.";
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(prefix))
                .forEach(name -> tokens.put(name.substring(prefix.length()), System.getProperty(name)));
        return tokens;
    }

    private static int testsRun(Path project) throws IOException {
        Path reports = project.resolve("target/surefire-reports");
        if (!Files.isDirectory(reports)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(reports)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".xml")).mapToInt(file -> {
                try {
                    Matcher tests = TESTS_RUN.matcher(Files.readString(file));
                    return tests.find() ? Integer.parseInt(tests.group(1)) : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
