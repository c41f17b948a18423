package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The name rules: whatever is accepted stays in its directory; the valid grammar is accepted; hostile forms are not. */
class FileNameProperties {

    private static final Path ROOT = Path.of("ccs", "cliproxy", "logs").toAbsolutePath();

    @Property(tries = 3000)
    void everyAcceptedNameResolvesInsideItsDirectory(@ForAll("anyNames") String raw) {
        Optional<ErrorLogName> log = ErrorLogName.parse(raw);
        Optional<AuthFileName> auth = AuthFileName.parse(raw);
        Statistics.collect(auth.isPresent() ? "accepted" : "rejected");
        log.ifPresent(name -> assertInside(name.value()));
        auth.ifPresent(name -> assertInside(name.value()));
        if (log.isPresent()) {
            assertTrue(auth.isPresent(), "an error log name is a plain name");
        }
        Statistics.coverage(coverage -> coverage.check("accepted").percentage(p -> p > 5));
    }

    @Property(tries = 2000)
    void namesBuiltFromTheValidGrammarAreAccepted(@ForAll("cliProxyLogNames") String name) {
        assertEquals(Optional.of(new ErrorLogName(name)), ErrorLogName.parse(name));
        assertEquals(name, AuthFileName.parse(name).orElseThrow().value());
    }

    @Property(tries = 2000)
    void authFileNamesAsProvidersWriteThemAreAccepted(@ForAll("authNames") String name) {
        assertEquals(name, AuthFileName.parse(name).orElseThrow().value());
    }

    @Property(tries = 3000)
    void hostileNamesAreRejected(@ForAll("hostileNames") String raw) {
        assertEquals(Optional.empty(), AuthFileName.parse(raw), raw);
        assertEquals(Optional.empty(), ErrorLogName.parse(raw), raw);
    }

    @Example
    void theRulesOfTheContract() {
        for (String bad : List.of("", ".", "..", "error-..log", "error-/x.log", "error-\\x.log", "error-x.log\u0000",
                "error-\nx.log", "error-x.txt", "main.log", "/error-x.log", "C:error-x.log", "error-%2F.log",
                "error-\u202Ex.log", "error-x.log.", "error-x.log ")) {
            assertEquals(Optional.empty(), ErrorLogName.parse(bad), bad);
        }
        assertEquals(Optional.empty(), ErrorLogName.parse(null));
        assertEquals(Optional.empty(), AuthFileName.parse(null));
        assertTrue(ErrorLogName.parse("error-v1-chat-completions-2026-08-22T153012-a1b2c3d4.log").isPresent());
        assertTrue(ErrorLogName.parse("error-api-provider-agy-v1-messages-2025-12-29T105823-a12b73f8.log").isPresent());
        assertTrue(AuthFileName.parse("user@gmail.com-project123.json").isPresent());
        assertTrue(AuthFileName.parse("a".repeat(255)).isPresent());
        assertEquals(Optional.empty(), AuthFileName.parse("a".repeat(256)));
        assertEquals(Optional.empty(), AuthFileName.parse("é".repeat(128)), "256 bytes in UTF-8");
    }

    private static void assertInside(String name) {
        Path resolved = ROOT.resolve(name).normalize();
        assertEquals(ROOT, resolved.getParent(), name);
        assertEquals(name, resolved.getFileName().toString());
    }

    @Provide
    Arbitrary<String> anyNames() {
        return Arbitraries.oneOf(hostileNames(), cliProxyLogNames(), authNames(),
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40));
    }

    /** {@code error-<sanitised path>-<YYYY-MM-DD>T<HHMMSS>-<8 hex>.log} (cliproxyapi.md §4.3). */
    @Provide
    Arbitrary<String> cliProxyLogNames() {
        Arbitrary<String> segment = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('.', '_').ofMinLength(1).ofMaxLength(12).filter(s -> !s.contains(".."));
        Arbitrary<String> path = segment.list().ofMinSize(1).ofMaxSize(6).map(parts -> String.join("-", parts));
        Arbitrary<String> stamp = Combinators.combine(Arbitraries.integers().between(2020, 2099),
                        Arbitraries.integers().between(1, 12), Arbitraries.integers().between(1, 28),
                        Arbitraries.integers().between(0, 235959))
                .as((y, m, d, t) -> "%04d-%02d-%02dT%06d".formatted(y, m, d, t));
        Arbitrary<String> id = Arbitraries.strings().withChars("0123456789abcdef").ofLength(8);
        return Combinators.combine(path, stamp, id).as((p, s, i) -> "error-" + p + "-" + s + "-" + i + ".log");
    }

    @Provide
    Arbitrary<String> authNames() {
        Arbitrary<String> prefix = Arbitraries.of("codex-", "claude-", "antigravity-", "gemini-", "qwen-", "iflow-",
                "kiro-aws-", "github-copilot-", "");
        Arbitrary<String> local = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars('_', '-', '+').ofMinLength(1).ofMaxLength(20);
        Arbitrary<String> domain = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        return Combinators.combine(prefix, local, domain).as((p, l, d) -> p + l + "@" + d + ".com.json");
    }

    /** Separators of every platform, dot segments, encoded forms, control characters, drives, very long names. */
    @Provide
    Arbitrary<String> hostileNames() {
        Arbitrary<String> poison = Arbitraries.of("/", "\\", "..", ":", "\u0000", "\n", "\r", "\t", "\u007F",
                "\u0085", "\u202E", "\u200B", "\uFEFF", "%2F", "%2f", "%5C", "%2e%2e", "%00", "%252F", "\uFFFD",
                "\uD800", "<", ">", "|", "?", "*", "\"");
        Arbitrary<String> filler = Arbitraries.of("error-", ".log", "a", "x.json", "2026-01-01", "", "~", "C:",
                "etc", "passwd", "con", " ");
        Arbitrary<String> withPoison = Combinators.combine(filler.list().ofMaxSize(3), poison,
                filler.list().ofMaxSize(3)).as((before, bad, after) ->
                String.join("", before) + bad + String.join("", after));
        Arbitrary<String> absolute = Arbitraries.of("/", "C:\\", "C:/", "\\\\server\\share\\", "//")
                .flatMap(root -> Arbitraries.of("error-x.log", "etc/passwd", "a.json").map(rest -> root + rest));
        Arbitrary<String> tooLong = Arbitraries.integers().between(256, 2000)
                .map(n -> "error-" + "a".repeat(n) + ".log");
        Arbitrary<String> devices = Arbitraries.of("CON", "nul", "Aux.json", "com1.log", "LPT9.txt");
        Arbitrary<String> dots = Arbitraries.of(".", "..", "...", "error-x.log.", " error-x.log", "error-x.log ");
        return Arbitraries.oneOf(withPoison, absolute, tooLong, devices, dots);
    }
}
