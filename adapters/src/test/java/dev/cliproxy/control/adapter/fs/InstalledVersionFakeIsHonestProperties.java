package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.testkit.FileTrees;
import dev.cliproxy.control.testkit.InMemoryInstalledVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The testkit's {@code .version} files read as the real ones: trimmed, blank or oversized ones absent. */
class InstalledVersionFakeIsHonestProperties {

    @Property(tries = 200)
    void theFakeReadsEveryVersionFileAsTheRealAdapter(@ForAll("versionFiles") String text,
                                                       @ForAll Backend backend) throws IOException {
        Path ccs = Files.createTempDirectory("installed-version");
        try {
            CcsLayout layout = new CcsLayout(ccs);
            Path file = Files.createDirectories(layout.binaryDirectory(backend)).resolve(".version");
            Files.writeString(file, text);
            InMemoryInstalledVersions fake = new InMemoryInstalledVersions();
            fake.write(backend, text);

            assertEquals(new FileSystemInstalledVersionAdapter(layout).recordedVersion(backend),
                    fake.recordedVersion(backend));
        } finally {
            FileTrees.delete(ccs);
        }
    }

    /** Versions with blanks around them, blank files, and files around the 256-byte bound (é takes two). */
    @Provide
    Arbitrary<String> versionFiles() {
        Arbitrary<String> version = Arbitraries.strings().withCharRange('0', '9').withChars('.', '-', 'v', 'é')
                .ofMinLength(1).ofMaxLength(140);
        Arbitrary<String> blanks = Arbitraries.strings().withChars(' ', '\n', '\t', '\r').ofMaxLength(3);
        return Arbitraries.oneOf(version, blanks, version.list().ofMaxSize(3).map(v -> String.join(" ", v)))
                .flatMap(core -> blanks.flatMap(before -> blanks.map(after -> before + core + after)));
    }
}
