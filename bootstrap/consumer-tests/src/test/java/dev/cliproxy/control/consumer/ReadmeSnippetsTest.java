package dev.cliproxy.control.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's library code is the consumer projects' code: each fenced block after a
 * {@code <!-- snippet: path[#region] -->} line must equal that file (or the lines between its
 * {@code README: region} and {@code README: end} markers, unindented), with {@code @project.version@} filled in as
 * the consumer build fills it in. Those projects are built and tested by maven-invoker-plugin, so the README's
 * examples compile and pass.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of(System.getProperty("cliproxy.root", "../..")).normalize();
    private static final Path CONSUMERS = Path.of("bootstrap/consumer-tests/src/it");
    private static final Pattern SNIPPET = Pattern.compile(
            "<!-- snippet: (\\S+?)(?:#(\\S+))? -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern REGION_START = Pattern.compile("(?://|<!--) README: (\\S+)(?: -->)?");

    record Snippet(String path, String region, String shown) {
        String id() {
            return region == null ? path : path + "#" + region;
        }
    }

    @Test
    void everyReadmeSnippetIsTheConsumerCode() throws IOException {
        List<Snippet> snippets = snippets();
        assertTrue(snippets.size() >= 4, "the README's library section shows the consumer projects: " + snippets);
        for (Snippet snippet : snippets) {
            assertEquals(source(snippet), snippet.shown(), "README snippet " + snippet.id()
                    + " differs from the consumer project: copy the file's text into the README");
        }
    }

    @Test
    void everyMarkedRegionAndExampleIsShownInTheReadme() throws IOException {
        Set<String> shown = new TreeSet<>();
        snippets().forEach(snippet -> shown.add(snippet.id()));
        Set<String> expected = new TreeSet<>(Set.of(
                CONSUMERS + "/embedder/src/main/java/com/example/embedder/EmbeddingExample.java",
                CONSUMERS + "/embedder/src/test/java/com/example/embedder/EmbeddingProperties.java"));
        try (Stream<Path> files = Files.walk(ROOT.resolve(CONSUMERS))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Matcher region = REGION_START.matcher(Files.readString(file));
                while (region.find()) {
                    if (!region.group(1).equals("end")) {
                        expected.add(ROOT.relativize(file) + "#" + region.group(1));
                    }
                }
            }
        }
        assertEquals(expected, shown);
    }

    private static List<Snippet> snippets() throws IOException {
        Matcher matcher = SNIPPET.matcher(Files.readString(ROOT.resolve("README.md")));
        List<Snippet> snippets = new ArrayList<>();
        while (matcher.find()) {
            snippets.add(new Snippet(matcher.group(1), matcher.group(2), matcher.group(3)));
        }
        return snippets;
    }

    private static String source(Snippet snippet) throws IOException {
        String text = Files.readString(ROOT.resolve(snippet.path()))
                .replace("@project.version@", System.getProperty("cliproxy.version"));
        return snippet.region() == null ? text : region(text, snippet.region(), snippet.path());
    }

    /** The lines between the region's start and end markers, without their common indentation. */
    private static String region(String text, String name, String path) {
        List<String> lines = text.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            Matcher marker = REGION_START.matcher(lines.get(i).strip());
            if (marker.matches() && marker.group(1).equals(name)) {
                start = i + 1;
            } else if (start >= 0 && marker.matches() && marker.group(1).equals("end")) {
                List<String> body = lines.subList(start, i);
                int indent = body.stream().filter(line -> !line.isBlank())
                        .mapToInt(line -> line.length() - line.stripLeading().length()).min().orElse(0);
                StringBuilder unindented = new StringBuilder();
                body.forEach(line -> unindented.append(line.isBlank() ? "" : line.substring(indent)).append('\n'));
                return unindented.toString();
            }
        }
        throw new AssertionError("no region " + name + " (README: " + name + " ... README: end) in " + path);
    }
}
