package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.WritePrecondition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;
import net.jqwik.api.statistics.Statistics;

/** A config write interrupted at any byte leaves the old file or the new one, whole, and no stray temp file. */
class YamlProxyConfigFileAdapterProperties {

    private Path ccs;
    private Path config;

    @BeforeTry
    void createDirectory() throws IOException {
        ccs = Files.createTempDirectory("config-write");
        config = new CcsLayout(ccs).proxyConfigFile(CcsLayout.DEFAULT_PROXY_PORT);
        Files.createDirectories(config.getParent());
    }

    @AfterTry
    void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(ccs)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Property(tries = 300)
    void aWriteInterruptedAtAnyByteLeavesTheOldOrTheNewFileWhole(@ForAll("yaml") String oldContent,
                                                                  @ForAll("yaml") String newContent,
                                                                  @ForAll("fractions") double where)
            throws IOException {
        Files.writeString(config, oldContent);
        byte[] newBytes = newContent.getBytes(StandardCharsets.UTF_8);
        // Both the .bak and the new file go through the sink: fail anywhere in either.
        long total = oldContent.getBytes(StandardCharsets.UTF_8).length + newBytes.length;
        long failAfter = (long) Math.floor(where * (total + 1));
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(new CcsLayout(ccs),
                new FailingSink(failAfter));

        boolean written;
        try {
            adapter.replace(CcsLayout.DEFAULT_PROXY_PORT, newContent, new WritePrecondition.Unconditional());
            written = true;
        } catch (StorageException interrupted) {
            written = false;
        }

        Statistics.collect(written ? "written" : "interrupted");
        Statistics.coverage(coverage -> {
            coverage.check("written").percentage(p -> p > 5);
            coverage.check("interrupted").percentage(p -> p > 50);
        });
        String now = Files.readString(config);
        assertTrue(now.equals(oldContent) || now.equals(newContent), "whole old or whole new");
        assertEquals(written ? newContent : oldContent, now, "a failed write changes nothing");
        try (Stream<Path> files = Files.list(config.getParent())) {
            List<String> names = files.map(f -> f.getFileName().toString()).sorted().toList();
            assertTrue(names.equals(List.of("config.yaml")) || names.equals(List.of("config.yaml", "config.yaml.bak")),
                    names.toString());
        }
        Path bak = config.resolveSibling("config.yaml.bak");
        if (Files.exists(bak)) {
            assertEquals(oldContent, Files.readString(bak));
        }
    }

    @Property(tries = 50)
    void invalidYamlNeverReachesTheSink(@ForAll("yaml") String oldContent) throws IOException {
        Files.writeString(config, oldContent);
        YamlProxyConfigFileAdapter adapter = new YamlProxyConfigFileAdapter(new CcsLayout(ccs), new FailingSink(0));
        assertThrows(RuntimeException.class, () -> adapter.replace(CcsLayout.DEFAULT_PROXY_PORT, "a: [1, 2\n",
                new WritePrecondition.Unconditional()));
        assertEquals(oldContent, Files.readString(config));
    }

    @Provide
    Arbitrary<String> yaml() {
        Arbitrary<String> key = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> value = Arbitraries.strings().withCharRange('a', 'z').withChars(' ', 'é', '0')
                .ofMaxLength(2000).map(v -> "\"" + v + "\"");
        return key.list().uniqueElements().ofMinSize(1).ofMaxSize(5).flatMap(keys -> value.list()
                .ofSize(keys.size()).map(values -> {
                    StringBuilder out = new StringBuilder();
                    for (int i = 0; i < keys.size(); i++) {
                        out.append(keys.get(i)).append(": ").append(values.get(i)).append('\n');
                    }
                    return out.toString();
                }));
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 1).edgeCases(config -> config.add(0.0, 1.0));
    }

    /** Writes at most {@code budget} bytes over all writes, then fails as a full disk or a crash would. */
    private static final class FailingSink implements AtomicFileWriter.ByteSink {

        private long budget;

        FailingSink(long budget) {
            this.budget = budget;
        }

        @Override
        public void write(java.nio.channels.FileChannel channel, byte[] content) throws IOException {
            int allowed = (int) Math.min(content.length, budget);
            ByteBuffer buffer = ByteBuffer.wrap(content, 0, allowed);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            budget -= allowed;
            if (allowed < content.length) {
                throw new IOException("No space left on device");
            }
        }
    }
}
