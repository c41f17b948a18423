package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * How an error log splits into sections: a header line is {@code === NAME ===} (the name letters, digits and
 * spaces, read upper-cased), a section is what follows its header up to the next one, and a window of the file that
 * does not reach its start or its end drops the partial line there.
 */
class ErrorLogSectionsTest {

    @Test
    void aHeaderNameIsAsciiLettersDigitsAndSpacesOnly() {
        // Every byte as a one-character name, the shortest header there is.
        for (int b = 0; b < 256; b++) {
            boolean letterOrDigit = b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9';
            String name = String.valueOf((char) b);
            String upper = name.toUpperCase(Locale.ROOT);
            // A name of one space is blank: no name at all.
            assertEquals(letterOrDigit ? List.of(upper + ":body\n") : List.of(),
                    sections("=== " + name + " ===\nbody\n", true, true), "byte " + b);
            assertEquals(letterOrDigit || b == ' ' ? List.of("X" + upper + " 1:body\n") : List.of(),
                    sections("=== x" + name + " 1 ===\nbody\n", true, true), "byte " + b + " inside a name");
        }
    }

    @Test
    void aHeaderNameIsReadUpperCasedWithoutItsOuterSpaces() {
        assertEquals(List.of("API ERROR RESPONSE 2:x\n", "REQUEST BODY:y\n"),
                sections("=== Api Error Response 2 ===\nx\n===   request body  ===\ny\n", true, true));
        assertEquals(List.of("RESPONSE:\n"), sections("=== RESPONSE ===\r\n\n", true, true), "a CRLF line end");
    }

    @Test
    void aHeaderNeedsBothItsFramesWhole() {
        for (String line : List.of("==== A ===", "=== A ====", "=== A ===x", "x=== A ===", "--- A ---", "=== A == ",
                "=== A === ", "=== A", "A ===", "===   ===", "=== ===", "=========", "abcd RESPONSE efgh",
                "Some plain words")) {
            assertEquals(List.of("REQUEST:" + line + "\n"), sections("=== REQUEST ===\n" + line + "\n", true, true),
                    line);
        }
    }

    @Test
    void eachSectionRunsFromTheLineAfterItsHeaderToTheNextHeader() {
        assertEquals(List.of("A:one\ntwo\n", "B:", "C:three"),
                sections("before\n=== A ===\none\ntwo\n=== B ===\n=== C ===\nthree", true, true));
    }

    @Test
    void anEmptyFirstLineIsALineLikeAnyOther() {
        assertEquals(List.of("A:x\n"), sections("\n=== A ===\nx\n", true, true));
        assertEquals(List.of("A:x\n"), sections("\n\n=== A ===\nx\n", true, true));
    }

    @Test
    void aWindowBeforeTheEndDropsItsLastPartialLine() {
        // The window ends inside the line of B's header: what it holds of it is no header (it may be cut short).
        assertEquals(List.of("A:body\n"), sections("=== A ===\nbody\n=== B ===", true, false));
        assertEquals(List.of("A:body\n", "B:"), sections("=== A ===\nbody\n=== B ===\nmore", true, false));
        assertEquals(List.of(), sections("=== A ===", true, false));
    }

    @Test
    void aWindowAfterTheStartDropsItsFirstPartialLine() {
        assertEquals(List.of(), sections("=== A ===\nbody\n", false, true));
        assertEquals(List.of("B:tail"), sections("=== A ===\n=== B ===\ntail", false, true));
        assertEquals(List.of(), sections("=== A === without any line end", false, true));
        assertEquals(List.of("B:x\n"), sections("SPONSE ===\n=== B ===\nx\n=== C", false, false));
    }

    /** Each section as {@code NAME:body}. */
    private static List<String> sections(String text, boolean atStart, boolean atEnd) {
        List<ErrorLogStructure.Section> out = new ArrayList<>();
        new ErrorLogStructure.Window(text.getBytes(StandardCharsets.ISO_8859_1), atStart, atEnd).sections(out);
        return out.stream().map(s -> s.name() + ":"
                + new String(s.bytes(), s.start(), s.end() - s.start(), StandardCharsets.ISO_8859_1)).toList();
    }
}
