package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.AuthFileName;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.FileContent;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.testkit.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Over any mix of files, directories and links (into the directory, out of it, dangling, looping, chained), a file
 * is listed and opened exactly when it is, after following links, a regular file inside the directory; nothing
 * outside is ever read.
 */
class ConfinedDirectoryProperties {

    private static final String OUTSIDE = "OUTSIDE";

    private Path root;
    private Path auth;
    private Path outside;

    enum Kind { REGULAR, DIRECTORY, LINK_IN, LINK_OUT, LINK_TO_DIR, LINK_TO_PARENT, DANGLING, LOOP, LINK_TO_LINK_IN,
        LINK_TO_LINK_OUT }

    @BeforeTry
    void createDirectories() throws IOException {
        root = Files.createTempDirectory("confined");
        auth = Files.createDirectories(root.resolve("ccs/cliproxy/auth"));
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.json"), OUTSIDE);
        Files.writeString(root.resolve("ccs/cliproxy/config.yaml"), OUTSIDE);
    }

    @AfterTry
    void deleteDirectories() {
        FileTrees.delete(root);
    }

    @Property(tries = 150)
    void onlyRegularFilesInsideAreListedAndOpened(@ForAll("layouts") List<Kind> layout) throws IOException {
        Map<String, Boolean> expected = new TreeMap<>();
        Files.writeString(auth.resolve("target.json"), "INSIDE target.json");
        Files.createDirectories(auth.resolve("sub"));
        expected.put("target.json", true);
        for (int i = 0; i < layout.size(); i++) {
            String name = "e" + i + ".json";
            Path entry = auth.resolve(name);
            Kind kind = layout.get(i);
            switch (kind) {
                case REGULAR -> Files.writeString(entry, "INSIDE " + name);
                case DIRECTORY -> Files.createDirectory(entry);
                case LINK_IN -> Files.createSymbolicLink(entry, Path.of("target.json"));
                case LINK_OUT -> Files.createSymbolicLink(entry, outside.resolve("secret.json"));
                case LINK_TO_DIR -> Files.createSymbolicLink(entry, auth.resolve("sub"));
                case LINK_TO_PARENT -> Files.createSymbolicLink(entry, Path.of("../config.yaml"));
                case DANGLING -> Files.createSymbolicLink(entry, auth.resolve("missing.json"));
                case LOOP -> Files.createSymbolicLink(entry, entry);
                case LINK_TO_LINK_IN -> {
                    Files.createSymbolicLink(auth.resolve("hop" + i), Path.of("target.json"));
                    Files.createSymbolicLink(entry, auth.resolve("hop" + i));
                    expected.put("hop" + i, true);
                }
                case LINK_TO_LINK_OUT -> {
                    Files.createSymbolicLink(auth.resolve("hop" + i), outside.resolve("secret.json"));
                    Files.createSymbolicLink(entry, auth.resolve("hop" + i));
                    expected.put("hop" + i, false);
                }
            }
            expected.put(name, kind == Kind.REGULAR || kind == Kind.LINK_IN || kind == Kind.LINK_TO_LINK_IN);
        }
        FileSystemAuthFileStoreAdapter adapter = new FileSystemAuthFileStoreAdapter(new CcsLayout(root.resolve("ccs")));

        Set<String> openable = new TreeSet<>();
        for (String name : expected.keySet()) {
            Optional<FileContent> opened = adapter.open(AuthFileName.parse(name).orElseThrow());
            if (opened.isPresent()) {
                try (FileContent content = opened.get()) {
                    String text = new String(content.stream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(text.startsWith("INSIDE"), name + " read " + text);
                }
                openable.add(name);
            }
        }
        Set<String> shouldOpen = expected.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(shouldOpen, openable);
        assertEquals(shouldOpen, adapter.list().stream().map(StoredFile::name)
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Provide
    Arbitrary<List<Kind>> layouts() {
        return Arbitraries.of(Kind.class).list().ofMaxSize(12);
    }
}
