package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.testkit.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Whatever is done to the directory between two listings (files made, written in place, rewritten with the same
 * size and time, renamed, removed, links made and pointed elsewhere, the directory itself made again), the index
 * lists exactly what reading the whole directory lists at that moment, with no wait; and every name whose content
 * changed is told, even when its size and time did not change.
 */
class DirectoryIndexProperties {

    enum Kind { CREATE, APPEND, REWRITE_SAME_SIZE_AND_TIME, DELETE, RENAME, LINK, RETARGET_LINK, UNACCEPTED,
        REMAKE_DIRECTORY, LIST_TWICE }

    record Step(Kind kind, int file, int other) {
    }

    private Path root;
    private Path directory;
    private ConfinedDirectory confined;
    private DirectoryIndex index;
    private final Set<String> touched = new HashSet<>();

    @BeforeTry
    void createDirectory() throws IOException {
        root = Files.createTempDirectory("index");
        directory = Files.createDirectories(root.resolve("watched"));
        confined = new ConfinedDirectory(directory);
        index = new DirectoryIndex(confined, DirectoryIndexProperties::accepted, DirectoryWatch.shared(),
                touched::add);
    }

    @AfterTry
    void deleteDirectory() {
        index.close();
        FileTrees.delete(root);
    }

    @Property(tries = 60)
    void theIndexListsWhatTheDirectoryHoldsAfterAnyChanges(@ForAll("steps") List<Step> steps) throws IOException {
        assertTrue(DirectoryWatch.shared().isPresent(), "Linux has native directory events");
        assertSameAsDirectory("empty");
        for (Step step : steps) {
            touched.clear();
            Set<String> contentChanged = apply(step);
            assertSameAsDirectory(step.toString());
            assertTrue(touched.containsAll(contentChanged), step + ": told of " + touched + ", not all of "
                    + contentChanged);
        }
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 5)).as(Step::new).list().ofMaxSize(25);
    }

    private static boolean accepted(String name) {
        return name.endsWith(".json");
    }

    private static String name(int n) {
        return "f" + n + ".json";
    }

    /** Does the step; the names whose content changed. */
    private Set<String> apply(Step step) throws IOException {
        Path file = directory.resolve(name(step.file()));
        Path other = directory.resolve(name(step.other()));
        switch (step.kind()) {
            case CREATE -> {
                // Only where nothing is, not even a link: writing through a link that loops back fails (ELOOP).
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.writeString(file, "new " + step);
                    return Set.of(file.getFileName().toString());
                }
            }
            case APPEND -> {
                if (Files.isRegularFile(file) && !Files.isSymbolicLink(file)) {
                    Files.writeString(file, Files.readString(file) + "+");
                    return Set.of(file.getFileName().toString());
                }
            }
            case REWRITE_SAME_SIZE_AND_TIME -> {
                if (Files.isRegularFile(file) && !Files.isSymbolicLink(file)) {
                    String text = Files.readString(file);
                    FileTime time = Files.getLastModifiedTime(file);
                    Files.writeString(file, text.isEmpty() ? "" : (text.charAt(0) == 'x' ? "y" : "x")
                            + text.substring(1));
                    Files.setLastModifiedTime(file, time);
                    return Set.of(file.getFileName().toString());
                }
            }
            case DELETE -> Files.deleteIfExists(file);
            case RENAME -> {
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !file.equals(other)) {
                    Files.move(file, other, StandardCopyOption.REPLACE_EXISTING);
                    return Set.of(other.getFileName().toString());
                }
            }
            case LINK -> {
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !file.equals(other)) {
                    Files.createSymbolicLink(file, other.getFileName());
                    return Set.of(file.getFileName().toString());
                }
            }
            case RETARGET_LINK -> {
                if (Files.isSymbolicLink(file)) {
                    Path target = Files.readSymbolicLink(file);
                    if (Files.isRegularFile(directory.resolve(target))) {
                        // The target changes; no event names the link.
                        Files.writeString(directory.resolve(target), "retargeted " + step);
                        return Set.of(file.getFileName().toString(), target.toString());
                    }
                }
            }
            case UNACCEPTED -> Files.writeString(directory.resolve("f" + step.file() + ".txt"), "not listed");
            case REMAKE_DIRECTORY -> {
                FileTrees.delete(directory);
                Files.createDirectories(directory);
                Files.writeString(file, "in the new directory");
                return Set.of(file.getFileName().toString());
            }
            case LIST_TWICE -> {
                List<StoredFile> first = index.list();
                touched.clear();
                List<StoredFile> again = index.list();
                assertTrue(first == again, "an unchanged directory answers the same list");
                assertEquals(links(), touched, "only links are looked at again");
            }
        }
        return Set.of();
    }

    /** The entries that are links, wherever they lead. */
    private Set<String> links() throws IOException {
        Set<String> links = new HashSet<>();
        try (var entries = Files.list(directory)) {
            entries.filter(Files::isSymbolicLink).map(p -> p.getFileName().toString())
                    .filter(DirectoryIndexProperties::accepted).forEach(links::add);
        }
        return links;
    }

    private void assertSameAsDirectory(String after) throws IOException {
        assertEquals(sorted(confined.list(DirectoryIndexProperties::accepted)), sorted(index.list()), after);
    }

    private static List<StoredFile> sorted(List<StoredFile> files) {
        return files.stream().sorted(Comparator.comparing(StoredFile::name)).toList();
    }
}
