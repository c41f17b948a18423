package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** An install runs until it has an outcome, and each step keeps what was known before. */
class InstallOperationTest {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void anOperationRunsUntilItHasAnOutcomeAndKeepsWhatItLearnt() {
        InstallOperation begun = InstallOperation.begun(InstallKind.INSTALL, AT);
        assertEquals(new InstallOperation(InstallKind.INSTALL, Optional.empty(), AT, Optional.empty(),
                Optional.empty(), Optional.empty()), begun);
        assertTrue(begun.running());

        InstallEvent verified = new InstallEvent(InstallStep.VERIFIED, InstallKind.INSTALL, Optional.of("7.2.140"),
                OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), AT.plusSeconds(1));
        InstallOperation stepped = begun.withVersion("7.2.140").withStep(verified);
        assertEquals(new InstallOperation(InstallKind.INSTALL, Optional.of("7.2.140"), AT, Optional.of(verified),
                Optional.empty(), Optional.empty()), stepped);
        assertTrue(stepped.running());

        InstallOutcome outcome = new InstallOutcome.Installed("7.2.140", Optional.of("7.2.139"), true);
        InstallOperation finished = stepped.finished(outcome, AT.plusSeconds(9));
        assertEquals(new InstallOperation(InstallKind.INSTALL, Optional.of("7.2.140"), AT, Optional.of(verified),
                Optional.of(AT.plusSeconds(9)), Optional.of(outcome)), finished);
        assertFalse(finished.running());
    }
}
