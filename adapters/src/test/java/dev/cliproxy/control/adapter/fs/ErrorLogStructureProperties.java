package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

class ErrorLogStructureProperties {

    /** The document's section names, as it writes them and in other letter cases. */
    private static final String[][] DOCUMENT_NAMES = {{"Request", "Response"}, {"REQUEST", "RESPONSE"},
            {"request", "response"}};

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

    /** The layouts an error log is known in: the API document's, and CLIProxyAPI's v6 and v7. */
    enum Layout { DOCUMENT, V6, V7 }

    /**
     * Every known layout, with and without its optional sections, with LF or CRLF line ends, and with decoys in
     * every body (a {@code Status:} line, {@code "model"} fields, section names inside lines): the status and model
     * read back are those the layout's rules give, and only those.
     */
    @Property(tries = 400)
    void everyKnownLayoutGivesItsStatusAndModelWhateverTheDecoys(
            @ForAll Layout layout, @ForAll("models") String model, @ForAll @IntRange(min = 100, max = 599) int status,
            @ForAll boolean withRequest, @ForAll boolean withHeaders, @ForAll boolean withResponse,
            @ForAll("upstreamStatuses") List<Integer> upstreamErrors, @ForAll @IntRange(min = 0, max = 2) int exchanges,
            @ForAll("decoys") List<String> decoys, @ForAll boolean modelFirst, @ForAll boolean crlf,
            @ForAll @IntRange(min = 0, max = 2) int letterCase) throws IOException {
        Decoys decoy = new Decoys(decoys);
        String requestBody = requestJson(model, modelFirst, decoy);
        StringBuilder log = new StringBuilder();
        OptionalInt expectedStatus = OptionalInt.empty();
        if (layout == Layout.DOCUMENT) {
            String request = DOCUMENT_NAMES[letterCase][0];
            String response = DOCUMENT_NAMES[letterCase][1];
            if (withRequest) {
                log.append("=== ").append(request).append(" ===\n");
                if (withHeaders) {
                    log.append("POST /v1/messages HTTP/1.1\nContent-Type: application/json\nX-Note: ")
                            .append(decoy.next()).append("\n\n");
                }
                log.append(requestBody).append("\n\n");
            }
            if (withResponse) {
                log.append("=== ").append(response).append(" ===\nStatus: ").append(status).append('\n')
                        .append(responseBody(decoy));
                expectedStatus = OptionalInt.of(status);
            }
        } else {
            String blank = layout == Layout.V7 ? "\n\n" : "\n";
            log.append("=== REQUEST INFO ===\nVersion: 6.9.6\nURL: /v1/messages\nMethod: POST\n").append(blank);
            if (withHeaders) {
                log.append("=== HEADERS ===\nContent-Type: application/json\nX-Note: ").append(decoy.next())
                        .append('\n').append(blank);
            }
            if (withRequest) {
                log.append("=== REQUEST BODY ===\n").append(requestBody).append('\n').append(blank);
            }
            for (int i = 1; i <= exchanges; i++) {
                log.append("=== API REQUEST ").append(i).append(" ===\nBody:\n")
                        .append(requestJson("upstream-" + i, true, decoy)).append('\n').append(blank)
                        .append("=== API RESPONSE ").append(i).append(" ===\nStatus: 503\n")
                        .append(responseBody(decoy)).append(blank);
            }
            for (int upstream : upstreamErrors) {
                log.append("=== API ERROR RESPONSE ===\nHTTP Status: ").append(upstream).append('\n')
                        .append(decoy.next()).append('\n').append(blank);
                expectedStatus = OptionalInt.of(upstream);
            }
            if (withResponse) {
                log.append("=== RESPONSE ===\nStatus: ").append(status).append('\n').append(responseBody(decoy));
                expectedStatus = OptionalInt.of(status);
            }
        }
        String text = crlf ? log.toString().replace("\n", "\r\n") : log.toString();
        ErrorLogMetadata read = ErrorLogStructure.read(
                Files.write(dir.resolve("error-layout.log"), text.getBytes(StandardCharsets.UTF_8)));
        assertEquals(new ErrorLogMetadata(expectedStatus, withRequest ? Optional.of(model) : Optional.empty()), read,
                text);
    }

    /**
     * Reading a short head and tail first never changes the answer: for any sequence of sections (requests with the
     * model early, late or missing, responses with a status or not, upstream errors, padding of any size around the
     * short and the long windows), the metadata is what reading the long head and tail gives.
     */
    @Property(tries = 400)
    void theShortReadAnswersAsTheLongRead(@ForAll("sectionLists") List<String> sections, @ForAll boolean crlf)
            throws IOException {
        String text = String.join("", sections);
        text = crlf ? text.replace("\n", "\r\n") : text;
        Path file = Files.write(dir.resolve("error-short.log"), text.getBytes(StandardCharsets.UTF_8));
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            assertEquals(ErrorLogStructure.readWithin(channel, size, ErrorLogStructure.HEAD_BYTES,
                    ErrorLogStructure.TAIL_BYTES), ErrorLogStructure.read(file), "size " + size);
        }
    }

    @Provide
    Arbitrary<List<String>> sectionLists() {
        Arbitrary<String> padding = Arbitraries.oneOf(Arbitraries.integers().between(0, 200),
                Arbitraries.integers().between(4_000, 12_000), Arbitraries.integers().between(50_000, 90_000))
                .map(n -> "p".repeat(n) + "\n");
        Arbitrary<String> status = Arbitraries.of("Status: 503\n", "Status: 429 Too Many\n", "Status: 99\n", "\n",
                "Content-Type: x\n");
        Arbitrary<String> body = Arbitraries.oneOf(
                padding.map(p -> "{\"model\":\"gpt-5\",\"x\":\"" + p.strip() + "\"}\n"),
                padding.map(p -> "{\"x\":\"" + p.strip() + "\",\"model\":\"late\"}\n"),
                Arbitraries.just("{\"messages\":[]}\n"), padding);
        Arbitrary<String> section = Arbitraries.oneOf(
                body.map(b -> "=== REQUEST BODY ===\n" + b + "\n"),
                body.map(b -> "=== Request ===\nPOST /v1 HTTP/1.1\nA: b\n\n" + b + "\n"),
                Combinators.combine(status, padding).as((st, p) -> "=== RESPONSE ===\n" + st + p + "\n"),
                Combinators.combine(Arbitraries.integers().between(100, 599), padding)
                        .as((code, p) -> "=== API ERROR RESPONSE ===\nHTTP Status: " + code + "\n" + p + "\n"),
                padding.map(p -> "=== API REQUEST 1 ===\nBody:\n" + p + "\n"),
                padding);
        return section.list().ofMinSize(1).ofMaxSize(8);
    }

    /** Decoy texts handed out in turn, each a part of a line, never a whole section header. */
    private static final class Decoys {
        private final List<String> texts;
        private int next;

        Decoys(List<String> texts) {
            this.texts = texts;
        }

        String next() {
            return texts.isEmpty() ? "none" : texts.get(next++ % texts.size());
        }

        String inJson() {
            return next().replace("\\", "\\\\").replace("\"", "\\\"");
        }
    }

    /** A request body whose top-level model is {@code model}, with nested and quoted decoys around it. */
    private static String requestJson(String model, boolean modelFirst, Decoys decoy) {
        String others = "\"messages\":[{\"role\":\"user\",\"model\":\"nested\",\"content\":\"" + decoy.inJson()
                + "\"}],\"metadata\":{\"model\":\"" + decoy.inJson() + "\"}";
        String top = "\"model\":\"" + model + "\"";
        return "{" + (modelFirst ? top + "," + others : others + "," + top) + ",\"stream\":false}";
    }

    /** Response headers, a blank line and a body with decoys, some of them on lines of their own. */
    private static String responseBody(Decoys decoy) {
        return "Content-Type: application/json\n\n{\"error\":{\"message\":\"" + decoy.inJson() + "\"}}\n"
                + decoy.next() + "\n";
    }

    @Provide
    Arbitrary<List<String>> decoys() {
        return Arbitraries.of("Status: 200", "HTTP Status: 201", "Status: 999", "\"model\":\"decoy\"",
                        "{\"model\":\"decoy\"}", "model", "x === RESPONSE ===", "=== Response === y",
                        "see === REQUEST BODY === here", "=== API ERROR RESPONSE === HTTP Status: 418", "===  ===",
                        "a \\ b", "é漢")
                .list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Integer>> upstreamStatuses() {
        return Arbitraries.integers().between(100, 599).list().ofMaxSize(3);
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
