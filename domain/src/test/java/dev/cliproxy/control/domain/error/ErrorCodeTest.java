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
        ConflictException e = new ConflictException(ErrorCode.REAUTH_REQUIRED, null);
        assertEquals(Optional.of(ErrorCode.REAUTH_REQUIRED), e.errorCode());
        assertEquals(Optional.of("reauth_required"), e.code());
    }

    @Test
    void anExceptionMadeFromACodeReportsTheCodesStandardText() {
        ControlException e = new UpstreamTimeoutException(ErrorCode.UPSTREAM_TIMEOUT, "slow", null);
        assertEquals("Upstream timeout", e.error());
        assertEquals(Optional.of("slow"), e.detail());
        assertEquals("Upstream timeout: slow", e.getMessage());
        assertEquals("Too many quota requests",
                new RateLimitedException(ErrorCode.RATE_LIMITED, null, null).error());
    }
}
