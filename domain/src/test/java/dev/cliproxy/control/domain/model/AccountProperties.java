package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.Provide;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Account ids, token file entries, pauses and their names on the wire. */
class AccountProperties {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @Property
    void anIdOfTheAllowedCharactersWithoutDotDotIsValid(
            @ForAll @StringLength(min = 1, max = 200) @CharRange(from = 'a', to = 'z') @CharRange(from = 'A', to = 'Z')
            @CharRange(from = '0', to = '9') @Chars({'@', '.', '_', '+', '#', '=', '-'}) String id) {
        assertEquals(!id.contains(".."), AccountId.isValid(id), id);
    }

    @Property
    void anIdWithASeparatorOrAnotherCharacterIsNot(
            @ForAll @StringLength(max = 20) @CharRange(from = 'a', to = 'z') String before,
            @ForAll("otherCharacters") String other) {
        assertFalse(AccountId.isValid(before + other + "x"));
    }

    @Provide
    Arbitrary<String> otherCharacters() {
        return Arbitraries.of("/", "\\", " ", ":", "\0", "*", "?", "é", "\n");
    }

    @Example
    void emptyTooLongAndMissingIdsAreNot() {
        assertFalse(AccountId.isValid(null));
        assertFalse(AccountId.isValid(""));
        assertFalse(AccountId.isValid("a".repeat(201)));
        assertFalse(AccountId.isValid(".."));
        assertTrue(AccountId.isValid("me@example.com#work"));
    }

    @Property
    void aTokenFilesAccountIdIsItsStem(@ForAll @StringLength(min = 1, max = 40) @CharRange(from = 'a', to = 'z')
                                       String stem, @ForAll boolean paused) {
        AccountToken token = AccountToken.of(List.of(), stem + ".json", Optional.of("acme"), Optional.empty(), paused,
                Optional.empty(), AT);
        assertEquals(stem, token.accountId());
        assertEquals(stem + ".json", token.file());
        assertEquals("acme", token.provider());
        assertEquals(paused, token.paused());

        AccountToken moved = token.movedTo(!paused, AT.plusSeconds(1));
        assertEquals(new AccountToken("acme", stem, stem + ".json", Optional.empty(), !paused, Optional.empty(),
                AT.plusSeconds(1)), moved);
    }

    @Example
    void onlyStemDotJsonIsATokenFile() {
        for (String file : List.of(".json", "a.txt", "json", "a.json.bak")) {
            assertThrows(IllegalArgumentException.class, () -> AccountToken.of(List.of(), file, Optional.empty(),
                    Optional.empty(), false, Optional.empty(), AT), file);
        }
        assertEquals("codex", AccountToken.of(QuotaProvider.builtIn(), "codex-me.json", Optional.of("codex"),
                Optional.empty(), false, Optional.empty(), AT).provider());
    }

    @Example
    void aPauseRecordBelongsToAPausedAccountOnly() {
        AccountToken active = AccountToken.of(List.of(), "a.json", Optional.empty(), Optional.empty(), false,
                Optional.empty(), AT);
        AccountToken paused = active.movedTo(true, AT);
        AccountPause unrecorded = AccountPause.unrecorded(AT);
        assertEquals(new AccountPause(PauseReason.MANUAL, AT, Optional.empty()), unrecorded);

        new AccountStatus(active, Optional.empty(), TokenState.UNKNOWN);
        new AccountStatus(paused, Optional.of(unrecorded), TokenState.UNKNOWN);
        assertThrows(IllegalArgumentException.class,
                () -> new AccountStatus(active, Optional.of(unrecorded), TokenState.UNKNOWN));
        assertThrows(IllegalArgumentException.class,
                () -> new AccountStatus(paused, Optional.empty(), TokenState.UNKNOWN));
    }

    @Property
    void aPauseReasonIsReadBackFromItsId(@ForAll PauseReason reason) {
        assertEquals(Optional.of(reason), PauseReason.fromId(reason.id()));
        assertEquals(Optional.empty(), PauseReason.fromId(reason.name()));
    }

    @Example
    void namesOnTheWire() {
        assertEquals(List.of("manual", "quota"), List.of(PauseReason.values()).stream().map(PauseReason::id).toList());
        assertEquals(List.of("valid", "expiring", "expired", "unknown"),
                List.of(TokenState.values()).stream().map(TokenState::id).toList());
        assertEquals(List.of("install", "rollback"), List.of(InstallKind.values()).stream().map(InstallKind::id).toList());
        assertEquals(List.of("download", "verified", "staged", "promoted", "rolled-back", "failed"),
                List.of(InstallStep.values()).stream().map(InstallStep::id).toList());
        assertEquals(Optional.empty(), PauseReason.fromId("paused"));
    }
}
