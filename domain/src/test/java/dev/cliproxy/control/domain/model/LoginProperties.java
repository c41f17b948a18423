package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/** Sign-in states, the redirects pasted back, and the sign-in's answers and events. */
class LoginProperties {

    private static final Instant AT = Instant.parse("2026-11-30T12:00:00Z");

    @Property
    void aStateOfTheProxysCharactersWithoutDotDotIsValid(
            @ForAll @StringLength(min = 1, max = 128) @CharRange(from = 'a', to = 'z') @CharRange(from = 'A', to = 'Z')
            @CharRange(from = '0', to = '9') @Chars({'-', '_', '.'}) String state) {
        assertEquals(!state.contains(".."), LoginState.isValid(state), state);
    }

    @Example
    void statesTheProxyWouldRefuse() {
        for (String state : java.util.Arrays.asList(null, "", "a/b", "a\\b", "..", "a b", "é", "a".repeat(129))) {
            assertFalse(LoginState.isValid(state), String.valueOf(state));
        }
    }

    @Property
    void everyRedirectWithACodeOrErrorAndThisStateOrNoneIsTaken(@ForAll("states") String state,
                                                               @ForAll("values") String code,
                                                               @ForAll boolean named, @ForAll boolean error,
                                                               @ForAll boolean https) {
        String url = (https ? "https" : "HTTP") + "://localhost:1455/auth/callback?" + (error ? "error=" : "code=")
                + encode(code) + (named ? "&state=" + encode(state) : "") + "&scope=a+b";
        assertDoesNotThrow(() -> LoginRedirect.check(url, state), url);
    }

    @Property
    void aRedirectOfAnotherSignInIsRefused(@ForAll("states") String state, @ForAll("states") String other) {
        String url = "http://localhost/cb?state=" + encode(other) + "&code=c";
        if (other.equals(state)) {
            assertDoesNotThrow(() -> LoginRedirect.check(url, state));
        } else {
            assertRefused(url, state, "another sign-in");
        }
    }

    @Provide
    Arbitrary<String> states() {
        return Arbitraries.strings().withCharRange('a', 'c').withChars('-', '_').ofMinLength(1).ofMaxLength(4);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(20).filter(v -> !v.isBlank());
    }

    @Example
    void whatIsNoRedirectIsRefusedWithoutEchoingIt() {
        assertRefused(null, "s", "address the browser landed on");
        assertRefused(" ", "s", "address the browser landed on");
        assertRefused("http://x/?code=" + "c".repeat(LoginRedirect.MAX_LENGTH), "s", "at most 8192");
        assertRefused("http://x/ y?code=1", "s", "not a URL");
        assertRefused("file:///etc/passwd?code=1", "s", "http(s) address");
        assertRefused("/cb?code=1", "s", "http(s) address");
        assertRefused("http://localhost/cb", "s", "http(s) address");
        assertRefused("http://localhost/cb?state=s", "s", "neither the provider's code nor its error");
        assertRefused("http://localhost/cb?code=&error=%20", "s", "neither");
        assertRefused("http://localhost/cb?code=%zz&state=s", "s", "not a URL");
        assertRefused("http://localhost/cb?code", "s", "neither");
        assertRefused("http://localhost/cb?state=t&state=s&code=1", "s", "another sign-in");
    }

    @Example
    void theFirstOfARepeatedParameterCounts() {
        assertDoesNotThrow(() -> LoginRedirect.check("http://localhost/cb?state=s&state=t&code=1", "s"));
        assertDoesNotThrow(() -> LoginRedirect.check("  http://localhost/cb?code=1  ", "s"));
        String longest = "http://x/?code=" + "c".repeat(LoginRedirect.MAX_LENGTH - "http://x/?code=".length());
        assertDoesNotThrow(() -> LoginRedirect.check(longest, "s"));
    }

    private static void assertRefused(String url, String state, String saying) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> LoginRedirect.check(url, state),
                String.valueOf(url));
        assertEquals(Optional.of(ErrorCode.INVALID_CALLBACK), e.errorCode());
        assertTrue(e.detail().orElseThrow().contains(saying), e.detail().orElseThrow());
        if (url != null && url.contains("code=")) {
            assertFalse(e.detail().orElseThrow().contains("code="), "the code is never echoed");
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Example
    void aStatusSaysWhyOnlyWhenItFailedAndNamesAnAccountOnlyWhenDone() {
        AccountStatus account = new AccountStatus(AccountToken.of(List.of(), "a.json", Optional.empty(),
                Optional.empty(), false, Optional.empty(), AT), Optional.empty(), TokenState.UNKNOWN);
        new LoginStatus("s", "codex", LoginPhase.OK, Optional.empty(), Optional.of(account));
        new LoginStatus("s", "codex", LoginPhase.OK, Optional.empty(), Optional.empty());
        new LoginStatus("s", "codex", LoginPhase.ERROR, Optional.of("why"), Optional.empty());
        assertThrows(IllegalArgumentException.class,
                () -> new LoginStatus("s", "codex", LoginPhase.ERROR, Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new LoginStatus("s", "codex", LoginPhase.WAIT, Optional.of("why"), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new LoginStatus("s", "codex", LoginPhase.WAIT, Optional.empty(), Optional.of(account)));
        assertEquals(List.of("wait", "ok", "error"), java.util.Arrays.stream(LoginPhase.values())
                .map(LoginPhase::id).toList());
    }

    @Example
    void eventsCarryTheirOwnFactsOnly() {
        AccountStatus account = new AccountStatus(AccountToken.of(QuotaProvider.builtIn(), "codex-a.json",
                Optional.of("codex"), Optional.empty(), false, Optional.empty(), AT), Optional.empty(),
                TokenState.UNKNOWN);
        assertEquals(List.of("login-started", "account-added", "login-failed"),
                java.util.Arrays.stream(AccountEvent.Kind.values()).map(AccountEvent.Kind::id).toList());
        AccountEvent added = AccountEvent.added(account, Optional.empty(), AT);
        assertEquals("codex", added.provider());
        assertEquals(Optional.empty(), added.state());
        assertEquals(Optional.of("s"), AccountEvent.started("codex", "s", AT).state());
        assertEquals(Optional.of("why"), AccountEvent.failed("codex", "s", "why", AT).reason());
        assertThrows(IllegalArgumentException.class, () -> new AccountEvent(AccountEvent.Kind.ACCOUNT_ADDED, "codex",
                Optional.empty(), Optional.empty(), Optional.empty(), AT));
        assertThrows(IllegalArgumentException.class, () -> new AccountEvent(AccountEvent.Kind.LOGIN_STARTED, "codex",
                Optional.empty(), Optional.of(account), Optional.empty(), AT));
        assertThrows(IllegalArgumentException.class, () -> new AccountEvent(AccountEvent.Kind.LOGIN_FAILED, "codex",
                Optional.empty(), Optional.empty(), Optional.empty(), AT));
        assertThrows(IllegalArgumentException.class, () -> new AccountEvent(AccountEvent.Kind.LOGIN_STARTED, "codex",
                Optional.empty(), Optional.empty(), Optional.of("why"), AT));
    }

    @Example
    void aPolicysDurationsArePositive() {
        assertEquals(Duration.ofMinutes(10), LoginPolicy.DEFAULT.timeout());
        assertEquals(Duration.ofSeconds(1), LoginPolicy.DEFAULT.pollInterval());
        Duration one = Duration.ofSeconds(1);
        for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
            assertThrows(IllegalArgumentException.class, () -> new LoginPolicy(bad, one, one, one));
            assertThrows(IllegalArgumentException.class, () -> new LoginPolicy(one, bad, one, one));
            assertThrows(IllegalArgumentException.class, () -> new LoginPolicy(one, one, bad, one));
            assertThrows(IllegalArgumentException.class, () -> new LoginPolicy(one, one, one, bad));
        }
        assertEquals(Duration.ofMillis(1), new LoginPolicy(Duration.ofMillis(1), one, one, one).timeout());
    }
}
