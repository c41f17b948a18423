package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The plain-name rule beyond ASCII: which characters a name may hold, and its length in UTF-8 bytes (the file
 * system's limit), on any plane of Unicode. Stated through {@link AuthFileName#parse}, which never throws.
 */
class PlainFileNameProperties {

    /** Invisible or meaningless in a name: controls, format characters, line breaks, unassigned, private use. */
    private static final Set<Integer> FORBIDDEN_TYPES = Set.of((int) Character.CONTROL, (int) Character.FORMAT,
            (int) Character.LINE_SEPARATOR, (int) Character.PARAGRAPH_SEPARATOR, (int) Character.UNASSIGNED,
            (int) Character.PRIVATE_USE);

    @Property(tries = 1000)
    void aCharacterBeyondAsciiIsAllowedUnlessInvisibleOrMeaningless(@ForAll("nonAsciiCodePoints") int codePoint) {
        String name = "a" + Character.toString(codePoint) + ".json";
        boolean allowed = codePoint != 0xFFFD && !FORBIDDEN_TYPES.contains(Character.getType(codePoint));
        assertEquals(allowed, AuthFileName.parse(name).isPresent(), Integer.toHexString(codePoint));
    }

    @Property(tries = 500)
    void aNameIsAcceptedExactlyWhenItsUtf8FormFitsIn255Bytes(@ForAll("lettersOfEveryWidth") List<Integer> letters) {
        StringBuilder name = new StringBuilder();
        letters.forEach(name::appendCodePoint);
        int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
        assertEquals(bytes <= 255, AuthFileName.parse(name.toString()).isPresent(), bytes + " bytes");
    }

    @Example
    void theByteLimitAtEachWidth() {
        assertAccepted("a".repeat(255), true);
        assertAccepted("\u07FF".repeat(127) + "a", true);
        assertAccepted("\u07FF".repeat(128), false);
        assertAccepted("\u0800".repeat(85), true);
        assertAccepted("\u0800".repeat(85) + "a", false);
        assertAccepted("\uD835\uDC00".repeat(63) + "abc", true);
        assertAccepted("\uD835\uDC00".repeat(64), false);
    }

    @Example
    void unpairedSurrogatesAreRejected() {
        for (String name : List.of("a\uD800", "a\uD800b", "a\uDC00b", "\uDC00\uD800x", "a\uD800\uD800b")) {
            assertAccepted(name, false);
        }
        assertAccepted("a\uD83D\uDE00b", true);
    }

    @Example
    void namedCharactersOfEachForbiddenKind() {
        for (String bad : List.of("\u0080", "\u009F", "\u00AD", "\u2028", "\u2029", "\u0378", "\uE000", "\uFFFD",
                "\uDB80\uDC00", "\uDB40\uDC01")) {
            assertAccepted("a" + bad + ".json", false);
        }
        for (String good : List.of("\u00E9", "\u0800", "\u4E2D", "\uD840\uDC00", "\uD83D\uDE00")) {
            assertAccepted("a" + good + ".json", true);
        }
    }

    private static void assertAccepted(String name, boolean accepted) {
        assertEquals(accepted, AuthFileName.parse(name).isPresent(), name);
        assertEquals(accepted ? Optional.of(name) : Optional.empty(), AuthFileName.parse(name).map(AuthFileName::value));
    }

    @Provide
    Arbitrary<Integer> nonAsciiCodePoints() {
        return Arbitraries.oneOf(Arbitraries.integers().between(0x80, 0xD7FF),
                Arbitraries.integers().between(0xE000, 0xFFFF),
                Arbitraries.integers().between(0x10000, 0x10FFFF));
    }

    /** Letters of 1, 2, 3 and 4 UTF-8 bytes, in names from a few to several hundred bytes long. */
    @Provide
    Arbitrary<List<Integer>> lettersOfEveryWidth() {
        return Arbitraries.of(0x61, 0xE9, 0x7FF, 0x800, 0x4E2D, 0x1D400, 0x20000)
                .list().ofMinSize(1).ofMaxSize(150);
    }
}
