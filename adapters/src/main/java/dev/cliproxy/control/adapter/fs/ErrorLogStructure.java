package dev.cliproxy.control.adapter.fs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cliproxy.control.domain.model.ErrorLogMetadata;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads an error log's metadata from its structure: section header lines {@code === NAME ===} (any letter case).
 * Two layouts are known. CLIProxyAPI's own (cliproxyapi.md §4.3): the status is the {@code Status:} line that opens
 * the last {@code RESPONSE} section (else the {@code HTTP Status:} of the last {@code API ERROR RESPONSE}); the model
 * is the top-level {@code model} field of the JSON in {@code REQUEST BODY}. The API document's: a {@code Request}
 * section holding an HTTP request (request line, headers, a blank line, the JSON body) and a {@code Response}
 * section opened by {@code Status: N}. Only a bounded head and tail of the file are read; the same rules hold in v6
 * (sections end with one blank line) and v7 (two). Whatever the bytes, the result is some metadata, never an
 * exception.
 */
final class ErrorLogStructure {

    static final int HEAD_BYTES = 64 * 1024;
    static final int TAIL_BYTES = 64 * 1024;
    /** What is read first: the request body opens a log and its answer's status ends it, in a few kilobytes. */
    static final int FIRST_BYTES = 8 * 1024;

    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_MODEL_LENGTH = 256;

    private ErrorLogStructure() {
    }

    /**
     * Reads the head and tail of {@code file} (a checked real path) and parses them: first {@link #FIRST_BYTES} of
     * each, which tell both fields of almost every log; {@link #HEAD_BYTES} and {@link #TAIL_BYTES} when they do not.
     * The answer is the same either way ({@link #decisive}).
     */
    static ErrorLogMetadata read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > 2L * FIRST_BYTES) {
                Optional<ErrorLogMetadata> told = decisive(new Window(readAt(channel, 0, FIRST_BYTES), true, false),
                        new Window(readAt(channel, size - FIRST_BYTES, FIRST_BYTES), false, true));
                if (told.isPresent()) {
                    return told.get();
                }
            }
            return readWithin(channel, size, HEAD_BYTES, TAIL_BYTES);
        }
    }

    /** Parses at most {@code headBytes} and {@code tailBytes} of the file, or all of it when it is no longer. */
    static ErrorLogMetadata readWithin(FileChannel channel, long size, int headBytes, int tailBytes)
            throws IOException {
        if (size <= headBytes + tailBytes) {
            return parse(List.of(new Window(readAt(channel, 0, (int) size), true, true)));
        }
        return parse(List.of(new Window(readAt(channel, 0, headBytes), true, false),
                new Window(readAt(channel, size - tailBytes, tailBytes), false, true)));
    }

    /**
     * The metadata when a short head and tail settle it as a longer read would: the first request section is in
     * the head (it comes first in the file whatever lies beyond) and its model is read within it, and the last
     * {@code RESPONSE} is in the tail (the tail reaches the end) with a status. Otherwise empty: a section beyond
     * the head, a model past it, or a status that falls back to the last upstream error anywhere in the file.
     */
    static Optional<ErrorLogMetadata> decisive(Window head, Window tail) {
        List<Section> first = new ArrayList<>();
        head.sections(first);
        Optional<String> model = first.stream().filter(ErrorLogStructure::isRequest).findFirst()
                .flatMap(ErrorLogStructure::model);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        List<Section> last = new ArrayList<>();
        tail.sections(last);
        OptionalInt status = OptionalInt.empty();
        for (Section section : last) {
            if (section.name().equals("RESPONSE")) {
                status = section.firstLineStatus("Status:");
            }
        }
        return status.isPresent() ? Optional.of(new ErrorLogMetadata(status, model)) : Optional.empty();
    }

    /** Parses windows of one file, in file order. */
    static ErrorLogMetadata parse(List<Window> windows) {
        List<Section> sections = new ArrayList<>();
        windows.forEach(window -> window.sections(sections));
        Optional<String> model = sections.stream().filter(ErrorLogStructure::isRequest).findFirst()
                .flatMap(ErrorLogStructure::model);
        OptionalInt status = OptionalInt.empty();
        OptionalInt upstreamError = OptionalInt.empty();
        for (Section section : sections) {
            if (section.name().equals("RESPONSE")) {
                status = section.firstLineStatus("Status:");
            } else if (section.name().startsWith("API ERROR RESPONSE")) {
                OptionalInt code = section.firstLineStatus("HTTP Status:");
                if (code.isPresent()) {
                    upstreamError = code;
                }
            }
        }
        return new ErrorLogMetadata(status.isPresent() ? status : upstreamError, model);
    }

    private static boolean isRequest(Section section) {
        return section.name().equals("REQUEST BODY") || section.name().equals("REQUEST");
    }

    /** The model the request section holds: in its JSON, or in the body of the HTTP request it holds. */
    private static Optional<String> model(Section request) {
        return modelField(request.name().equals("REQUEST") ? request.messageBody() : request);
    }

    /** The top-level {@code model} string of the request body's JSON object, read as far as the window goes. */
    private static Optional<String> modelField(Section body) {
        try (JsonParser parser = JSON.createParser(body.bytes(), body.start(), body.end() - body.start())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("model".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? plausibleModel(parser.getText()) : Optional.empty();
                }
                parser.skipChildren();
            }
            return Optional.empty();
        } catch (IOException | RuntimeException truncatedOrNotJson) {
            return Optional.empty();
        }
    }

    private static Optional<String> plausibleModel(String model) {
        boolean printable = model.chars().noneMatch(Character::isISOControl);
        return printable && !model.isBlank() && model.length() <= MAX_MODEL_LENGTH
                ? Optional.of(model) : Optional.empty();
    }

    private static byte[] readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                break; // the file shrank since its size was read
            }
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return bytes;
    }

    /**
     * A contiguous part of the file. A window that does not start at the file's start drops its first (partial)
     * line; one that does not end at the file's end drops its last.
     */
    record Window(byte[] bytes, boolean atStart, boolean atEnd) {

        /** Adds this window's sections (a header line and the bytes up to the next header line) to {@code out}. */
        void sections(List<Section> out) {
            int start = 0;
            int end = bytes.length;
            if (!atStart) {
                start = indexOf((byte) '\n', 0, end) + 1;
                if (start == 0) {
                    return;
                }
            }
            if (!atEnd) {
                end = lastIndexOf((byte) '\n', start, end) + 1;
            }
            String name = null;
            int bodyStart = start;
            int line = start;
            while (line < end) {
                int newline = indexOf((byte) '\n', line, end);
                int next = newline < 0 ? end : newline + 1;
                Optional<String> header = headerName(line, newline < 0 ? end : newline);
                if (header.isPresent()) {
                    if (name != null) {
                        out.add(new Section(name, bytes, bodyStart, line));
                    }
                    name = header.get();
                    bodyStart = next;
                }
                line = next;
            }
            if (name != null) {
                out.add(new Section(name, bytes, bodyStart, end));
            }
        }

        /** The upper-cased name of a header line {@code === Name ===} (letters, digits, spaces), if it is one. */
        private Optional<String> headerName(int from, int to) {
            if (to > from && bytes[to - 1] == '\r') {
                to--;
            }
            int length = to - from;
            if (length < 9 || !startsWith(from, "=== ") || !startsWith(to - 4, " ===")) {
                return Optional.empty();
            }
            for (int i = from + 4; i < to - 4; i++) {
                byte b = bytes[i];
                if (!(b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == ' ')) {
                    return Optional.empty();
                }
            }
            String name = new String(bytes, from + 4, length - 8, StandardCharsets.US_ASCII).strip()
                    .toUpperCase(Locale.ROOT);
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        }

        private boolean startsWith(int at, String text) {
            for (int i = 0; i < text.length(); i++) {
                if (bytes[at + i] != text.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private int indexOf(byte b, int from, int to) {
            for (int i = from; i < to; i++) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }

        private int lastIndexOf(byte b, int from, int to) {
            for (int i = to - 1; i >= from; i--) {
                if (bytes[i] == b) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** One section: its name and the byte range of its body within a window. */
    record Section(String name, byte[] bytes, int start, int end) {

        /** The status of the section's first non-blank line when it is {@code <label> NNN}, maybe with a reason. */
        OptionalInt firstLineStatus(String label) {
            String line = firstNonBlankLine();
            if (!line.startsWith(label)) {
                return OptionalInt.empty();
            }
            String code = line.substring(label.length()).strip();
            int space = code.indexOf(' ');
            code = space < 0 ? code : code.substring(0, space);
            if (code.length() != 3 || !code.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return OptionalInt.empty();
            }
            int status = Integer.parseInt(code);
            return status >= 100 && status <= 599 ? OptionalInt.of(status) : OptionalInt.empty();
        }

        /**
         * The body of the HTTP request this section holds: what follows the blank line that ends the request line
         * and headers, or the whole section when it opens with the JSON itself.
         */
        Section messageBody() {
            int line = start;
            boolean inHead = false;
            while (line < end) {
                int next = lineEnd(line);
                String text = text(line, next);
                if (!inHead && text.startsWith("{")) {
                    return new Section(name, bytes, line, end);
                }
                if (inHead && text.isEmpty()) {
                    return new Section(name, bytes, Math.min(next + 1, end), end);
                }
                inHead |= !text.isEmpty();
                line = next + 1;
            }
            return new Section(name, bytes, end, end);
        }

        private String firstNonBlankLine() {
            int line = start;
            while (line < end) {
                int next = lineEnd(line);
                String text = text(line, next);
                if (!text.isEmpty()) {
                    return text;
                }
                line = next + 1;
            }
            return "";
        }

        /** Where the line starting at {@code line} ends: its newline, or the end of the section. */
        private int lineEnd(int line) {
            int next = line;
            while (next < end && bytes[next] != '\n') {
                next++;
            }
            return next;
        }

        private String text(int from, int to) {
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1).strip();
        }
    }
}
