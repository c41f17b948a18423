package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import dev.cliproxy.control.testkit.arbitrary.SampleErrorLogs;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorLogStructureTest {

    static final String V7 = SampleErrorLogs.v7("gpt-5", 429);
    static final String V6 = SampleErrorLogs.v6("gemini-3-pro-preview", 503);

    /** The example of the API document (GET /error-logs/:name), verbatim. */
    static final String DOCUMENT = SampleErrorLogs.DOCUMENT_EXAMPLE;

    @TempDir
    Path dir;

    @Test
    void theApiDocumentsLayoutGivesTheResponseStatusAndTheRequestBodysModel() throws IOException {
        assertEquals(metadata(429, "gemini-3-flash-preview"), read(DOCUMENT));
        assertEquals(metadata(429, "gemini-3-flash-preview"), read(DOCUMENT.replace("\n", "\r\n")));
    }

    @Test
    void theDocumentsRequestSectionIsReadAsAnHttpRequest() throws IOException {
        String noHeaders = DOCUMENT.replace("Content-Type: application/json\n", "");
        assertEquals(metadata(429, "gemini-3-flash-preview"), read(noHeaders));
        String bodyOnly = DOCUMENT.replace("POST /v1/messages HTTP/1.1\nContent-Type: application/json\n\n", "");
        assertEquals(metadata(429, "gemini-3-flash-preview"), read(bodyOnly));
        String headerDecoy = DOCUMENT.replace("Content-Type: application/json\n",
                "Content-Type: application/json\nX-Note: {\"model\":\"in-a-header\"}\n");
        assertEquals(metadata(429, "gemini-3-flash-preview"), read(headerDecoy));
        String noBody = DOCUMENT.replace("{\"model\":\"gemini-3-flash-preview\",\"messages\":[...]}\n", "");
        assertEquals(new ErrorLogMetadata(OptionalInt.of(429), Optional.empty()), read(noBody));
        String reason = DOCUMENT.replace("Status: 429", "Status: 429 Too Many Requests");
        assertEquals(metadata(429, "gemini-3-flash-preview"), read(reason));
    }

    @Test
    void decoysInTheDocumentsBodiesAreIgnored() throws IOException {
        String decoys = DOCUMENT
                .replace("\"messages\":[...]", "\"messages\":[{\"model\":\"nested\"}],\"note\":\"Status: 200\"")
                .replace("{\"error\":{", "Status: 200\n=== Request === x\n{\"model\":\"response-model\",\"error\":{");
        assertEquals(metadata(429, "gemini-3-flash-preview"), read(decoys));
    }

    @Test
    void v7TakesTheFinalResponseStatusAndTheTopLevelModel() throws IOException {
        assertEquals(metadata(429, "gpt-5"), read(V7));
    }

    @Test
    void v6WithoutAResponseSectionFallsBackToTheLastUpstreamError() throws IOException {
        assertEquals(metadata(503, "gemini-3-pro-preview"), read(V6));
    }

    @Test
    void crlfLineEndingsReadTheSame() throws IOException {
        assertEquals(metadata(429, "gpt-5"), read(V7.replace("\n", "\r\n")));
    }

    @Test
    void aResponseWithoutAStatusLineIsNotGuessedFromOtherSections() throws IOException {
        String websocket = V7.replace("=== RESPONSE ===\nStatus: 429\n", "=== RESPONSE ===\n");
        assertEquals(new ErrorLogMetadata(OptionalInt.empty(), Optional.of("gpt-5")), read(websocket));
        String noResponse = V7.substring(0, V7.indexOf("=== RESPONSE ==="));
        assertEquals(new ErrorLogMetadata(OptionalInt.empty(), Optional.of("gpt-5")), read(noResponse));
    }

    @Test
    void aHugeMiddleIsSkippedButTheHeadAndTailStillTell() throws IOException {
        String middle = "x".repeat(5 * 1024 * 1024);
        String log = V7.replace("{\"model\":\"upstream-model\",\"input\":[]}",
                "{\"model\":\"upstream-model\",\"input\":\"" + middle + "\"}");
        assertEquals(metadata(429, "gpt-5"), read(log));
    }

    @Test
    void aModelBeyondTheHeadIsNotReported() throws IOException {
        String log = V7.replace("\"model\":\"gpt-5\"", "\"pad\":\"" + "p".repeat(ErrorLogStructure.HEAD_BYTES) + "\","
                + "\"model\":\"gpt-5\"") + "tail\n".repeat(ErrorLogStructure.TAIL_BYTES / 4);
        assertEquals(new ErrorLogMetadata(OptionalInt.empty(), Optional.empty()), read(log));
    }

    @Test
    void aTruncatedFileTellsWhatItHas() throws IOException {
        String cutInBody = V7.substring(0, V7.indexOf("\"model\":\"gpt-5\"") + 16);
        assertEquals(new ErrorLogMetadata(OptionalInt.empty(), Optional.of("gpt-5")), read(cutInBody));
        String cutBeforeModel = V7.substring(0, V7.indexOf("\"model\":\"gpt-5\"") + 5);
        assertEquals(ErrorLogMetadata.NONE, read(cutBeforeModel));
    }

    @Test
    void emptyBinaryAndUnstructuredFilesTellNothing() throws IOException {
        assertEquals(ErrorLogMetadata.NONE, read(""));
        assertEquals(ErrorLogMetadata.NONE, read("Status: 500\n\"model\": \"loose\"\n"));
        byte[] noise = new byte[300_000];
        new Random(42).nextBytes(noise);
        assertEquals(ErrorLogMetadata.NONE, ErrorLogStructure.read(Files.write(dir.resolve("error-bin.log"), noise)));
    }

    @Test
    void implausibleValuesAreLeftOut() throws IOException {
        String badStatus = V7.replace("Status: 429\nContent-Type", "Status: 4299\nContent-Type");
        assertEquals(new ErrorLogMetadata(OptionalInt.empty(), Optional.of("gpt-5")), read(badStatus));
        String nonStringModel = V7.replace("\"model\":\"gpt-5\"", "\"model\":{\"id\":\"gpt-5\"}");
        assertEquals(new ErrorLogMetadata(OptionalInt.of(429), Optional.empty()), read(nonStringModel));
        String notJson = V7.replace("{\"messages\"", "<empty>\n{\"messages\"");
        assertEquals(new ErrorLogMetadata(OptionalInt.of(429), Optional.empty()), read(notJson));
    }

    @Test
    void aModelNameOfAtMost256CharactersIsReported() throws IOException {
        String longest = "m".repeat(256);
        assertEquals(metadata(429, longest), read(SampleErrorLogs.v7(longest, 429)));
        assertEquals(new ErrorLogMetadata(OptionalInt.of(429), Optional.empty()),
                read(SampleErrorLogs.v7(longest + "m", 429)));
    }

    @Test
    void aStatusWithOtherThanDigitsIsLeftOut() throws IOException {
        for (String status : List.of("2x9", "4 2", "-42", "+42")) {
            String log = V7.replace("Status: 429\nContent-Type", "Status: " + status + "\nContent-Type");
            assertEquals(new ErrorLogMetadata(OptionalInt.empty(), Optional.of("gpt-5")), read(log), status);
        }
    }

    @Test
    void theRequestsModelIsReadFromTheBodyAfterItsHeadOnly() throws IOException {
        // What follows the blank line is the body; a JSON line further down in a body that is not JSON is no model.
        String notJsonBody = DOCUMENT.replace("\n\n{\"model\"", "\n\nmodel=form\n{\"model\"");
        assertEquals(new ErrorLogMetadata(OptionalInt.of(429), Optional.empty()), read(notJsonBody));
    }

    @Test
    void aLongLogIsReadWithinItsHeadAndTail() throws IOException {
        String log = "=== REQUEST BODY ===\n{\"model\":\"m-1\"}\n" + "padding\n".repeat(100)
                + "=== RESPONSE ===\nStatus: 502\n";
        try (FileChannel channel = channel(log)) {
            assertEquals(metadata(502, "m-1"), ErrorLogStructure.readWithin(channel, channel.size(), 64, 64));
            assertEquals(new ErrorLogMetadata(OptionalInt.empty(), Optional.of("m-1")),
                    ErrorLogStructure.readWithin(channel, channel.size(), 64, 8), "the header beyond the tail");
        }
    }

    @Test
    void aLogNoLongerThanItsHeadAndTailIsReadWhole() throws IOException {
        // Head and tail meet inside the RESPONSE header: read as two windows, each would drop its part of that line.
        String log = "=== REQUEST BODY ===\n{\"model\":\"m-1\"}\n=== RESPONSE ===\nStatus: 502\n";
        int inHeader = log.indexOf("SPONSE ===");
        try (FileChannel channel = channel(log)) {
            assertEquals(metadata(502, "m-1"),
                    ErrorLogStructure.readWithin(channel, channel.size(), inHeader, log.length() - inHeader));
        }
    }

    @Test
    void aShortHeadAndTailSettleALogWhoseRequestOpensItAndWhoseLastResponseEndsIt() {
        String log = SampleErrorLogs.v7("gpt-5", 429, 3 * ErrorLogStructure.FIRST_BYTES);
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int first = ErrorLogStructure.FIRST_BYTES;
        ErrorLogStructure.Window head = new ErrorLogStructure.Window(Arrays.copyOf(bytes, first), true, false);
        ErrorLogStructure.Window tail = new ErrorLogStructure.Window(
                Arrays.copyOfRange(bytes, bytes.length - first, bytes.length), false, true);

        assertEquals(Optional.of(metadata(429, "gpt-5")), ErrorLogStructure.decisive(head, tail));
        ErrorLogStructure.Window noResponse = new ErrorLogStructure.Window(
                "padding\n=== API RESPONSE 1 ===\nStatus: 503\n".getBytes(StandardCharsets.UTF_8), false, true);
        assertEquals(Optional.empty(), ErrorLogStructure.decisive(head, noResponse),
                "the status may be the last upstream error anywhere in the file: left to the long read");
    }

    private ErrorLogMetadata read(String content) throws IOException {
        return ErrorLogStructure.read(Files.write(dir.resolve("error-x.log"), content.getBytes(StandardCharsets.UTF_8)));
    }

    private FileChannel channel(String content) throws IOException {
        Path file = Files.write(dir.resolve("error-w.log"), content.getBytes(StandardCharsets.UTF_8));
        return FileChannel.open(file, StandardOpenOption.READ);
    }

    private static ErrorLogMetadata metadata(int status, String model) {
        return new ErrorLogMetadata(OptionalInt.of(status), Optional.of(model));
    }
}
