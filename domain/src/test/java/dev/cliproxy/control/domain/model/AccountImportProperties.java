package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

/** The rules of an import and of a removed file's name. */
class AccountImportProperties {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @Property
    void anAccountFileNameStaysInItsDirectoryAndNamesAnAccountIdAgain(@ForAll("names") String name) {
        boolean valid = TokenFileUpload.isAccountFileName(name);
        Statistics.collect(valid ? "accepted" : "refused");
        if (valid) {
            Path auth = Path.of("/ccs/cliproxy/auth");
            assertEquals(auth, auth.resolve(name).normalize().getParent(), name);
            assertTrue(AccountId.isValid(name.substring(0, name.length() - 5)), name);
        }
        Statistics.coverage(c -> c.check("accepted").percentage(p -> p > 5));
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> parts = Arbitraries.of("..", ".", "/", "\\", "%2F", "\u0000", "CON", "a", "b@c.d", " ",
                "é", "#", ".json", "json", "-", "+=");
        return Arbitraries.oneOf(parts.list().ofMaxSize(6).map(l -> String.join("", l)),
                parts.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l) + ".json"),
                Arbitraries.strings().all().ofMaxLength(30));
    }

    @Property
    void everyIdMakesAnAccountFileName(
            @ForAll @StringLength(min = 1, max = 200) @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9')
            @Chars({'@', '.', '_', '+', '#', '=', '-'}) String id) {
        boolean plainOnWindowsToo = AuthFileName.parse(id + ".json").isPresent();
        assertEquals(AccountId.isValid(id) && plainOnWindowsToo, TokenFileUpload.isAccountFileName(id + ".json"), id);
    }

    @Example
    void namesAnImportRefuses() {
        for (String name : java.util.Arrays.asList(null, "", ".json", "a.txt", "a", "../a.json", "a/b.json",
                "a b.json", "con.json", "a..b.json", "é.json", "a".repeat(201) + ".json")) {
            assertFalse(TokenFileUpload.isAccountFileName(name), String.valueOf(name));
        }
        assertTrue(TokenFileUpload.isAccountFileName("a".repeat(200) + ".json"));
    }

    @Property
    void aRemovedFilesNameSaysWhereFromAndWhen(@ForAll("accountFiles") String file, @ForAll boolean paused,
                                               @ForAll @LongRange(min = 0, max = 99_999_999_999_999L) long millis) {
        AccountToken token = AccountToken.of(QuotaProvider.builtIn(), file, Optional.of("codex"), Optional.empty(),
                paused, Optional.empty(), AT);
        RemovedAccount removed = new RemovedAccount(token, Instant.ofEpochMilli(millis));

        String stored = removed.storedName();

        assertEquals(Optional.of(new RemovedAccount.Stored(file, paused, Instant.ofEpochMilli(millis))),
                RemovedAccount.parse(stored));
        assertTrue(AuthFileName.parse(stored).isPresent(), stored);
        assertTrue(stored.getBytes(StandardCharsets.UTF_8).length <= 255, stored);
    }

    @Provide
    Arbitrary<String> accountFiles() {
        return Arbitraries.strings().withCharRange('a', 'z').withChars('@', '_', '+', '#', '=', '-', '.')
                .ofMinLength(1).ofMaxLength(200).filter(id -> TokenFileUpload.isAccountFileName(id + ".json"))
                .map(id -> id + ".json");
    }

    @Example
    void namesARemovedFileDoesNotHave() {
        for (String name : java.util.Arrays.asList(null, "", "x.json", "12-auth", "12-auth-x.txt", "12-trash-a.json",
                "-1-auth-a.json", "1234567890123456-auth-a.json", "12-auth-../a.json", "a-auth-b.json",
                "12.auth.a.json")) {
            assertEquals(Optional.empty(), RemovedAccount.parse(name), String.valueOf(name));
        }
        assertEquals(Optional.of(new RemovedAccount.Stored("a.b.json", false, Instant.ofEpochMilli(12))),
                RemovedAccount.parse("12-auth-a.b.json"));
    }

    @Example
    void aRemovedFileIsKeptThirtyDays() {
        AccountToken token = AccountToken.of(List.of(), "a.json", Optional.empty(), Optional.empty(), false,
                Optional.empty(), AT);
        RemovedAccount removed = new RemovedAccount(token, AT);

        assertEquals(AT.plus(java.time.Duration.ofDays(30)), removed.purgeAt());
        assertFalse(removed.expiredAt(removed.purgeAt().minusMillis(1)));
        assertTrue(removed.expiredAt(removed.purgeAt()));
        assertThrows(IllegalArgumentException.class, () -> new RemovedAccount(token, Instant.ofEpochMilli(-1)));
    }

    @Example
    void anUploadIsAJsonObjectOfAKnownType() {
        InvalidInputException notObject = assertThrows(InvalidInputException.class,
                () -> TokenFileUpload.of(new byte[0], List.of()));
        assertEquals(Optional.of(ErrorCode.INVALID_TOKEN_FILE), notObject.errorCode());

        TokenFileUpload untyped = upload(Map.of("email", "a@b.c"));
        assertEquals(Optional.of(ErrorCode.INVALID_TOKEN_FILE), assertThrows(InvalidInputException.class,
                () -> untyped.owner(QuotaProvider.builtIn())).errorCode());
        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> upload(Map.of("type", "Qwen")).owner(QuotaProvider.builtIn()));
        assertTrue(unknown.detail().orElseThrow().startsWith("No provider knows the type \"Qwen\"; known types: "
                + "antigravity, gemini, gemini-cli, codex, iflow, kiro, codewhisperer, github-copilot, copilot,"
                + " claude, anthropic"), unknown.toString());
        InvalidInputException hostile = assertThrows(InvalidInputException.class,
                () -> upload(Map.of("type", "<script>")).owner(QuotaProvider.builtIn()));
        assertFalse(hostile.detail().orElseThrow().contains("<script>"), "never echoed");

        assertEquals(QuotaProvider.CLAUDE, upload(Map.of("type", "ANTHROPIC")).owner(QuotaProvider.builtIn()));
        assertEquals(QuotaProvider.GHCP, upload(Map.of("type", "copilot")).owner(QuotaProvider.builtIn()));
    }

    @Example
    void anUploadIsNamedAsAskedElseByItsProvidersLoginNameForItsEmail() {
        assertEquals("work.json", upload(Map.of()).fileName(Optional.of("work.json"), QuotaProvider.CODEX));
        assertEquals("codex-a@b.c.json", upload(Map.of("email", "a@b.c")).fileName(Optional.empty(),
                QuotaProvider.CODEX));
        assertEquals("github-copilot-octocat.json", upload(Map.of("username", "octocat"))
                .fileName(Optional.empty(), QuotaProvider.GHCP));
        for (Optional<String> asked : List.of(Optional.of("../x.json"), Optional.of("x.txt"))) {
            assertEquals(Optional.of(ErrorCode.INVALID_FILE_NAME), assertThrows(InvalidInputException.class,
                    () -> upload(Map.of("email", "a@b.c")).fileName(asked, QuotaProvider.CODEX)).errorCode());
        }
        InvalidInputException noEmail = assertThrows(InvalidInputException.class,
                () -> upload(Map.of()).fileName(Optional.empty(), QuotaProvider.CODEX));
        assertTrue(noEmail.detail().orElseThrow().contains("?name="));
        InvalidInputException badEmail = assertThrows(InvalidInputException.class,
                () -> upload(Map.of("email", "a/../b")).fileName(Optional.empty(), QuotaProvider.CODEX));
        assertEquals(Optional.of(ErrorCode.INVALID_FILE_NAME), badEmail.errorCode());
        assertFalse(badEmail.detail().orElseThrow().contains("a/../b"));
    }

    @Example
    void anUploadKeepsItsBytesAndNeverShowsThem() {
        byte[] content = "{\"access_token\":\"SECRET\"}".getBytes(StandardCharsets.UTF_8);
        TokenFileUpload upload = TokenFileUpload.of(content, Map.of("access_token", "SECRET"));
        content[0] = 'x';

        assertEquals('{', upload.content()[0], "a copy was kept");
        upload.content()[0] = 'y';
        assertEquals('{', upload.content()[0], "a copy is given");
        assertFalse(upload.toString().contains("SECRET"), upload.toString());
        assertTrue(upload.toString().contains(upload.content().length + " bytes"), upload.toString());
        assertEquals(TokenFileUpload.of("{\"access_token\":\"SECRET\"}".getBytes(StandardCharsets.UTF_8),
                Map.of()), upload);
        assertEquals(upload.hashCode(), TokenFileUpload.of(upload.content(), Map.of()).hashCode());
        assertNotEquals(upload, TokenFileUpload.of(new byte[] {1}, Map.of()));
        assertNotEquals(upload, TokenFileUpload.of(upload.content(), Map.of("type", "codex")));
        assertNotEquals(upload, "text");
    }

    private static TokenFileUpload upload(Map<String, Object> json) {
        return TokenFileUpload.of(json.toString().getBytes(StandardCharsets.UTF_8), json);
    }
}
