package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.testkit.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryIndexTest {

    @TempDir
    Path directory;
    private final List<String> touched = new ArrayList<>();

    private DirectoryIndex index(Optional<DirectoryWatch> watch) {
        return new DirectoryIndex(new ConfinedDirectory(directory), name -> name.endsWith(".log"), watch,
                touched::add);
    }

    @Test
    void anUnchangedDirectoryIsTheSameListAndNothingIsLookedAtAgain() throws IOException {
        for (int i = 0; i < 100; i++) {
            Files.writeString(directory.resolve("error-" + i + ".log"), "x".repeat(i));
        }
        try (DirectoryIndex index = index(DirectoryWatch.shared())) {
            List<StoredFile> first = index.list();
            assertEquals(100, first.size());
            assertEquals(100, touched.size(), "the first listing tells of every name");
            touched.clear();
            for (int i = 0; i < 10; i++) {
                assertSame(first, index.list());
            }
            assertEquals(List.of(), touched);
        }
    }

    @Test
    void moreChangesThanTheEventsKeptBetweenTwoListingsReadTheWholeDirectoryAgain() throws IOException {
        try (DirectoryIndex index = index(DirectoryWatch.shared())) {
            assertEquals(List.of(), index.list());
            // The JDK keeps 512 events per directory, and this index 4,096 names: past either, the directory is read.
            int files = DirectoryWatch.MAX_PENDING_NAMES + 10;
            for (int i = 0; i < files; i++) {
                Files.writeString(directory.resolve("error-" + i + ".log"), "e");
            }
            Files.writeString(directory.resolve("main.txt"), "not listed");
            touched.clear();
            assertEquals(files, index.list().size());
            assertEquals(files, new HashSet<>(touched).size(), "every name told: which changed is not known");
        }
    }

    @Test
    void withoutAWatchEveryListingReadsTheDirectoryAndTellsOnlyWhatItsEntriesShow() throws IOException {
        Path log = Files.writeString(directory.resolve("error-a.log"), "a");
        try (DirectoryIndex index = index(Optional.empty())) {
            List<StoredFile> first = index.list();
            touched.clear();
            assertSame(first, index.list(), "unchanged entries: the same list");
            assertEquals(List.of(), touched);

            Files.writeString(log, "ab");
            assertEquals(2, index.list().getFirst().size());
            assertEquals(List.of("error-a.log"), touched);
            touched.clear();
            Files.delete(log);
            assertEquals(List.of(), index.list());
            assertEquals(List.of("error-a.log"), touched, "a name gone is told too");
        }
    }

    @Test
    void aClosedIndexStopsFollowingButStillLists() throws IOException {
        DirectoryIndex index = index(DirectoryWatch.shared());
        try (DirectoryIndex other = index(DirectoryWatch.shared())) {
            index.list();
            other.list();
            index.close();
            Files.writeString(directory.resolve("error-b.log"), "b");
            assertEquals(1, other.list().size(), "the other subscription of the same directory still hears");
            assertEquals(1, index.list().size(), "closed: read each time");
        }
    }

    @Test
    void aClosedIndexLeavesNoWatchOfTheOsOnItsDirectory() throws IOException {
        assumeTrue(OsWatches.countable() && DirectoryWatch.shared().isPresent(), "Linux's inotify");
        DirectoryIndex index = index(DirectoryWatch.shared());
        try {
            index.list();
            assertEquals(1, OsWatches.on(directory), "followed while open");
        } finally {
            index.close();
        }
        assertEquals(0, OsWatches.on(directory));
    }

    @Test
    void aDirectoryMovedAwayIsNoLongerWatchedAndOneMadeInItsPlaceIs() throws IOException {
        assumeTrue(OsWatches.countable() && DirectoryWatch.shared().isPresent(), "Linux's inotify");
        Path moved = directory.resolveSibling(directory.getFileName() + "-moved");
        try (DirectoryIndex index = index(DirectoryWatch.shared())) {
            Files.writeString(directory.resolve("error-a.log"), "a");
            assertEquals(1, index.list().size());
            Files.move(directory, moved);

            assertEquals(List.of(), index.list(), "nothing at the path");
            assertEquals(0, OsWatches.on(moved), "the directory elsewhere now is not followed");

            Files.createDirectory(directory);
            assertEquals(List.of(), index.list());
            Files.move(moved.resolve("error-a.log"), directory.resolve("error-b.log"));
            assertEquals(Set.of("error-b.log"), names(index.list()));
            assertEquals(1, OsWatches.on(directory));
            assertEquals(0, OsWatches.on(moved));
        } finally {
            FileTrees.delete(moved);
        }
    }

    @Test
    void aDirectoryMadeAgainInItsPlaceTellsOfEveryNameThoughItsEntriesLookTheSame() throws IOException {
        assumeTrue(DirectoryWatch.shared().isPresent(), "a watch of the OS");
        Path moved = directory.resolveSibling(directory.getFileName() + "-before");
        FileTime time = Files.getLastModifiedTime(Files.writeString(directory.resolve("error-a.log"), "a"));
        try (DirectoryIndex index = index(DirectoryWatch.shared())) {
            index.list();
            touched.clear();
            Files.move(directory, moved);
            Files.createDirectory(directory);
            // The same name, size and time, other bytes: only being told of the name says to read it again.
            Files.setLastModifiedTime(Files.writeString(directory.resolve("error-a.log"), "b"), time);

            assertEquals(Set.of("error-a.log"), names(index.list()));
            assertEquals(List.of("error-a.log"), touched);
        } finally {
            FileTrees.delete(moved);
        }
    }

    @Test
    void anAbsentDirectoryListsNothingAndIsFollowedOnceItExists() throws IOException {
        Files.delete(directory);
        try (DirectoryIndex index = index(DirectoryWatch.shared())) {
            assertEquals(List.of(), index.list());
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("error-c.log"), "c");
            assertEquals(Set.of("error-c.log"), names(index.list()));
            Files.writeString(directory.resolve("error-d.log"), "d");
            assertEquals(Set.of("error-c.log", "error-d.log"), names(index.list()));
        }
    }

    private static Set<String> names(List<StoredFile> files) {
        Set<String> names = new HashSet<>();
        files.forEach(file -> names.add(file.name()));
        return names;
    }
}
