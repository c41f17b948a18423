package dev.cliproxy.control.domain.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

    @Test
    void codesAreSpelledAsTheContractSpellsThem() {
        assertEquals("reauth_required", ErrorCode.REAUTH_REQUIRED.id());
        assertEquals("Re-authentication required", ErrorCode.REAUTH_REQUIRED.error());
        assertTrue(Arrays.stream(ErrorCode.values()).allMatch(code -> code.id().matches("[a-z]+(_[a-z]+)*")));
    }

    @Test
    void anExceptionReportsItsTypedCodeAndItsSpelling() {
        ConflictException e = new ConflictException("Re-authentication required", null, ErrorCode.REAUTH_REQUIRED,
                null);
        assertEquals(Optional.of(ErrorCode.REAUTH_REQUIRED), e.errorCode());
        assertEquals(Optional.of("reauth_required"), e.code());
    }
}
