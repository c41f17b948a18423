package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

class ErrorLogStructureProperties {

    private Path dir;

    @BeforeTry
    void createDirectory() throws IOException {
        dir = Files.createTempDirectory("error-log-structure");
    }

    @AfterTry
    void deleteDirectory() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    /** Whatever the bytes, metadata comes back and nothing is thrown. */
    @Property(tries = 300)
    void anyContentGivesSomeMetadata(@ForAll("garbage") byte[] content) throws IOException {
        assertNotNull(ErrorLogStructure.read(Files.write(dir.resolve("error-g.log"), content)));
    }

    /** However long the middle of the file, the status and model are those the log was written with. */
    @Property(tries = 60)
    void aWrittenLogReadsBackItsStatusAndModel(@ForAll("models") String model,
                                               @ForAll @IntRange(min = 100, max = 599) int status,
                                               @ForAll @IntRange(min = 0, max = 400_000) int middleBytes,
                                               @ForAll boolean crlf, @ForAll boolean v7) throws IOException {
        String blank = v7 ? "\n\n" : "\n";
        String log = "=== REQUEST INFO ===\nVersion: 7.2.140\nURL: /v1/messages\n" + blank
                + "=== REQUEST BODY ===\n{\"model\":\"" + model + "\",\"messages\":[]}\n" + blank
                + "=== API REQUEST 1 ===\nBody:\n" + "m".repeat(middleBytes) + "\n" + blank
                + "=== API RESPONSE 1 ===\nStatus: 200\n" + blank
                + "=== RESPONSE ===\nStatus: " + status + "\nContent-Type: application/json\n\n{\"error\":\"e\"}\n";
        if (crlf) {
            log = log.replace("\n", "\r\n");
        }
        ErrorLogMetadata read = ErrorLogStructure.read(
                Files.write(dir.resolve("error-w.log"), log.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new ErrorLogMetadata(OptionalInt.of(status), Optional.of(model)), read);
    }

    @Provide
    Arbitrary<String> models() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars('-', '.', '/', ':')
                .ofMinLength(1).ofMaxLength(60);
    }

    @Provide
    Arbitrary<byte[]> garbage() {
        Arbitrary<String> pieces = Arbitraries.of("=== RESPONSE ===\n", "=== REQUEST BODY ===\n",
                "=== API ERROR RESPONSE ===\n", "Status: 500\n", "HTTP Status: 429\n", "{\"model\":", "\"x\"", "}",
                "{", "[", "\n", "\r\n", "=== ", " ===", "\u0000", "é");
        Arbitrary<byte[]> structured = pieces.list().ofMaxSize(60)
                .map(list -> String.join("", list).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
        return Arbitraries.oneOf(structured, random, Arbitraries.just(List.of()).map(x -> new byte[0]));
    }
}
