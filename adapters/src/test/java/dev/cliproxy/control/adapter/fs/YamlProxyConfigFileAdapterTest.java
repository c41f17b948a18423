package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.PreconditionFailedException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ConfigDocument;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.EntityTag;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy's config file: read with its tag, replaced whole with the previous content kept as {@code .bak}. */
class YamlProxyConfigFileAdapterTest {

    private static final int PORT = 9123;
    private static final String OLD = "port: 9123\nhost: \"\"\n";
    private static final String NEW = "port: 9123\ndebug: true\n";

    @TempDir
    Path ccs;

    private CcsLayout layout() {
        return new CcsLayout(ccs);
    }

    private Path config() {
        return layout().proxyConfigFile(PORT);
    }

    @Test
    void aConfigIsReadWithTheTagOfItsBytesAndNoFileOrADirectoryIsNone() throws Exception {
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(layout());
        assertEquals(Optional.empty(), adapter.read(PORT));

        Files.createDirectories(config());
        assertEquals(Optional.empty(), adapter.read(PORT), "a directory where the file belongs is no config");
        Files.delete(config());

        Files.writeString(config(), OLD);
        ConfigDocument read = adapter.read(PORT).orElseThrow();
        assertEquals(config(), read.path());
        assertArrayEquals(OLD.getBytes(StandardCharsets.UTF_8), read.content());
        assertEquals(EntityTag.of(OLD.getBytes(StandardCharsets.UTF_8)), read.etag());
    }

    @Test
    void aFirstWriteCreatesTheFileWithoutBackupAndAnswersTheNewTag() throws Exception {
        Files.createDirectories(layout().cliproxyDirectory());
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(layout());

        ConfigUpdate update = adapter.replace(PORT, NEW, new WritePrecondition.Unconditional());

        assertEquals(new ConfigUpdate(config(), EntityTag.of(NEW.getBytes(StandardCharsets.UTF_8))), update);
        assertEquals(NEW, Files.readString(config()));
        assertFalse(Files.exists(config().resolveSibling(config().getFileName() + ".bak")));
        assertEquals(Optional.empty(), adapter.readBackup(PORT));
        assertEquals(update.etag(), adapter.read(PORT).orElseThrow().etag());
    }

    @Test
    void aWriteKeepsThePreviousContentAsTheBackup() throws Exception {
        Files.createDirectories(config().getParent());
        Files.writeString(config(), OLD);
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(layout());

        adapter.replace(PORT, NEW, new WritePrecondition.Unconditional());

        Path backup = config().resolveSibling(config().getFileName() + ".bak");
        assertEquals(OLD, Files.readString(backup));
        ConfigDocument read = adapter.readBackup(PORT).orElseThrow();
        assertEquals(backup, read.path());
        assertArrayEquals(OLD.getBytes(StandardCharsets.UTF_8), read.content());
        assertEquals(EntityTag.of(OLD.getBytes(StandardCharsets.UTF_8)), read.etag());
    }

    @Test
    void aLinkedConfigStaysALinkAndItsTargetIsReplacedWithTheBackupBesideIt() throws Exception {
        Path dotfiles = Files.createDirectories(ccs.resolve("dotfiles"));
        Path target = Files.writeString(dotfiles.resolve("proxy.yaml"), OLD);
        Files.createDirectories(config().getParent());
        Files.createSymbolicLink(config(), target);
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(layout());

        adapter.replace(PORT, NEW, new WritePrecondition.Unconditional());

        assertTrue(Files.isSymbolicLink(config()));
        assertEquals(NEW, Files.readString(target));
        assertEquals(OLD, Files.readString(dotfiles.resolve("proxy.yaml.bak")));
        assertEquals(List.of(config()), listing(config().getParent()), "no backup beside the link");
        assertEquals(dotfiles.resolve("proxy.yaml.bak").toRealPath(), adapter.readBackup(PORT).orElseThrow().path());
    }

    @Test
    void aWriteAgainstAnotherTagIsRefusedAndChangesNothing() throws Exception {
        Files.createDirectories(config().getParent());
        Files.writeString(config(), OLD);
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(layout());
        EntityTag stale = EntityTag.of("port: 1\n".getBytes(StandardCharsets.UTF_8));

        assertThrows(PreconditionFailedException.class,
                () -> adapter.replace(PORT, NEW, new WritePrecondition.MatchesAny(List.of(stale))));

        assertEquals(OLD, Files.readString(config()));
        assertEquals(List.of(config()), listing(config().getParent()));
        EntityTag current = adapter.read(PORT).orElseThrow().etag();
        adapter.replace(PORT, NEW, new WritePrecondition.MatchesAny(List.of(current)));
        assertEquals(NEW, Files.readString(config()));
    }

    @Test
    void aWriteOnOneThreadDoesNotHoldUpTheNextOnAnother() throws Exception {
        Files.createDirectories(config().getParent());
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(layout());
        adapter.replace(PORT, OLD, new WritePrecondition.Unconditional());

        CompletableFuture<ConfigUpdate> other = CompletableFuture.supplyAsync(
                () -> adapter.replace(PORT, NEW, new WritePrecondition.Unconditional()));

        assertEquals(config(), other.get(30, TimeUnit.SECONDS).path());
        assertEquals(NEW, Files.readString(config()));
    }

    @Test
    void theDeclaredPortIsTheConfigsPortField() {
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(layout());
        assertEquals(OptionalInt.of(9123), adapter.declaredPort(OLD));
        assertEquals(OptionalInt.empty(), adapter.declaredPort("host: \"\"\n"));
    }

    private static List<Path> listing(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }
}
