package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.AccountEvent;
import dev.cliproxy.control.domain.model.AccountStatus;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.LoginPhase;
import dev.cliproxy.control.domain.model.LoginPolicy;
import dev.cliproxy.control.domain.model.LoginStarted;
import dev.cliproxy.control.domain.model.LoginStatus;
import dev.cliproxy.control.domain.model.ModelCatalog;
import dev.cliproxy.control.domain.model.ProbeResult;
import dev.cliproxy.control.domain.model.ProxyLoginProgress;
import dev.cliproxy.control.domain.model.ProxyLoginStart;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.port.ProxyApiPort;
import dev.cliproxy.control.domain.port.ProxyLoginPort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.InMemoryProxyLogin;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AccountLoginServiceTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final int PORT = 8317;
    private static final String SECRET = "mgmt-secret";
    /** The watch asks rarely here: the tests ask with {@code check()} when they mean to. */
    private static final LoginPolicy POLICY = new LoginPolicy(Duration.ofMinutes(10), Duration.ofHours(1),
            Duration.ofMinutes(5), Duration.ofSeconds(1));

    private final TestClock clock = new TestClock(NOW);
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryProxyLogin proxy = new InMemoryProxyLogin(accounts, clock);
    private final InMemoryProxySettings settings = new InMemoryProxySettings().port(PORT).managementSecret(SECRET);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger probes = new AtomicInteger();
    private final AccountEventsService events = new AccountEventsService();
    private final List<AccountEvent> told = new ArrayList<>();
    private final List<AccountLoginService> services = new ArrayList<>();
    private final AccountLoginService service = service(proxy, POLICY);

    AccountLoginServiceTest() {
        proxy.serve(PORT, SECRET);
        events.watch(told::add);
    }

    @AfterEach
    void close() {
        services.forEach(AccountLoginService::close);
    }

    @Test
    void aConsentAddsTheAccountAndTellsIt() {
        LoginStarted started = service.start("codex");

        assertEquals(new LoginStarted("st-1", "http://127.0.0.1:8317/consent?state=st-1", "codex",
                NOW.plus(Duration.ofMinutes(10))), started);
        assertEquals(waiting("st-1", "codex"), service.status("st-1"));
        service.check();
        assertEquals(waiting("st-1", "codex"), service.status("st-1"), "nobody consented yet");

        clock.advance(Duration.ofSeconds(5));
        proxy.consent("st-1", "a@b.c");
        service.check();

        LoginStatus done = service.status("st-1");
        assertEquals(LoginPhase.OK, done.phase());
        AccountStatus account = done.account().orElseThrow();
        assertEquals("codex-a@b.c.json", account.token().file());
        assertEquals(Optional.of("a@b.c"), account.token().email());
        assertEquals(List.of(AccountEvent.started("codex", "st-1", NOW),
                AccountEvent.added(account, Optional.of("st-1"), NOW.plusSeconds(5))), told);
        service.check();
        assertEquals(2, told.size(), "told once");
    }

    @Test
    void anAccountSignedInAgainCountsAsAdded() {
        accounts.put("claude-a@b.c.json", false, Optional.of("claude"), Optional.of("a@b.c"), Optional.empty(),
                NOW.minusSeconds(60));
        String state = service.start("claude").state();
        proxy.consent(state, "a@b.c");
        service.check();

        assertEquals("claude-a@b.c.json", service.status(state).account().orElseThrow().token().file());
    }

    @Test
    void aProxyThatSaysDoneWithoutANewFileIsAFailure() {
        accounts.put("codex-a@b.c.json", false, Optional.of("codex"), Optional.of("a@b.c"), Optional.empty(), NOW);
        accounts.put("codex-p@b.c.json", true, Optional.of("codex"), Optional.of("p@b.c"), Optional.empty(),
                NOW.plusSeconds(1));
        accounts.put("claude-o@b.c.json", false, Optional.of("claude"), Optional.of("o@b.c"), Optional.empty(),
                NOW.plusSeconds(1));
        String state = service.start("codex").state();
        proxy.consent(state, "a@b.c"); // rewritten at the very same instant: nothing new to tell

        service.check();

        LoginStatus failed = service.status(state);
        assertEquals(LoginPhase.ERROR, failed.phase());
        assertTrue(failed.error().orElseThrow().contains("no new codex token file"), failed.toString());
        assertEquals(AccountEvent.failed("codex", state, failed.error().orElseThrow(), NOW), told.getLast());
    }

    @Test
    void aRefusalOfTheProviderFailsTheSignIn() {
        String state = service.start("agy").state();
        proxy.deny(state, "Bad request\n(denied)");
        service.check();

        assertEquals(Optional.of("The proxy reports: Bad request (denied)"), service.status(state).error());
    }

    @Test
    void aRedirectPastedFromElsewhereCompletesTheSignIn() {
        String state = service.start("gemini").state();

        LoginStatus status = service.callback(state, proxy.redirect(state));

        assertEquals(LoginPhase.OK, status.phase(), "asked at once after the callback");
        assertEquals("gemini-" + InMemoryProxyLogin.CALLBACK_EMAIL + ".json",
                status.account().orElseThrow().token().file());
    }

    @Test
    void aRedirectThatIsNotThisSignInsNeverReachesTheProxy() {
        String state = service.start("codex").state();
        int calls = proxy.calls();

        for (String redirect : List.of("", "not a url", "ftp://x/?code=1", "http://localhost/cb",
                "http://localhost/cb?state=" + state, "http://localhost/cb?code=1&state=other")) {
            assertCode(ErrorCode.INVALID_CALLBACK, assertThrows(InvalidInputException.class,
                    () -> service.callback(state, redirect)));
        }
        assertEquals(calls, proxy.calls());
        assertEquals(LoginPhase.WAIT, service.status(state).phase());

        LoginStatus wrongCode = service.callback(state, "http://localhost/cb?code=wrong&state=" + state);
        assertEquals(Optional.of("The proxy reports: Failed to exchange the code for tokens"), wrongCode.error());
    }

    @Test
    void aCancelledSignInEndsHereAndAtTheProxy() {
        String state = service.start("codex").state();

        LoginStatus cancelled = service.cancel(state);

        assertEquals(Optional.of("Cancelled"), cancelled.error());
        assertEquals(AccountEvent.failed("codex", state, "Cancelled", NOW), told.getLast());
        assertEquals(new ProxyLoginProgress.Failed("unknown or expired state"), proxy.progress(PORT, SECRET, state),
                "the proxy no longer waits");
        assertCode(ErrorCode.LOGIN_FINISHED, assertThrows(ConflictException.class, () -> service.cancel(state)));
        assertCode(ErrorCode.LOGIN_FINISHED, assertThrows(ConflictException.class,
                () -> service.callback(state, "http://localhost/cb?code=1")));
        service.check();
        assertEquals(cancelled, service.status(state));
    }

    @Test
    void aSignInNobodyCompletesEndsAtTheDeadline() {
        String state = service.start("codex").state();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertEquals(LoginPhase.WAIT, service.status(state).phase());

        clock.advance(Duration.ofMillis(1));
        LoginStatus expired = service.status(state);

        assertEquals(Optional.of("Nobody completed the sign-in within 10 min: sign in again"), expired.error());
        assertEquals(new ProxyLoginProgress.Failed("unknown or expired state"), proxy.progress(PORT, SECRET, state));
        assertCode(ErrorCode.LOGIN_FINISHED, assertThrows(ConflictException.class,
                () -> service.callback(state, "http://localhost/cb?code=1")));
    }

    @Test
    void aLookWhileTheProxyIsToldToStopKeepsTheReasonTheFlowEndedFor() {
        List<LoginStatus> seenMeanwhile = new ArrayList<>();
        AccountLoginService[] looking = new AccountLoginService[1];
        // The watch looks at the very moment the proxy has forgotten the flow, before this call returns.
        ProxyLoginPort lookingWhileStopped = new ProxyLoginPort() {
            @Override
            public ProxyLoginStart start(int port, String managementSecret, String flow) {
                return proxy.start(port, managementSecret, flow);
            }

            @Override
            public ProxyLoginProgress progress(int port, String managementSecret, String state) {
                return proxy.progress(port, managementSecret, state);
            }

            @Override
            public void callback(int port, String managementSecret, String flow, String state, String redirectUrl) {
                proxy.callback(port, managementSecret, flow, state, redirectUrl);
            }

            @Override
            public void cancel(int port, String managementSecret, String state) {
                proxy.cancel(port, managementSecret, state);
                looking[0].check();
                seenMeanwhile.add(looking[0].status(state));
            }
        };
        looking[0] = service(lookingWhileStopped, POLICY);
        String expiring = looking[0].start("codex").state();
        String cancelled = looking[0].start("codex").state();

        assertEquals(Optional.of("Cancelled"), looking[0].cancel(cancelled).error());
        clock.advance(Duration.ofMinutes(10));
        looking[0].check();

        assertEquals(Optional.of("Nobody completed the sign-in within 10 min: sign in again"),
                looking[0].status(expiring).error());
        assertEquals(List.of(Optional.of("Cancelled"),
                Optional.of("Nobody completed the sign-in within 10 min: sign in again")),
                seenMeanwhile.stream().map(LoginStatus::error).toList());
    }

    @Test
    void aConsentJustBeforeTheDeadlineIsNotLost() {
        String state = service.start("codex").state();
        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        proxy.consent(state, "late@b.c");
        clock.advance(Duration.ofMinutes(1));

        assertEquals(LoginPhase.OK, service.status(state).phase());
    }

    @Test
    void aProxyThatCannotBeAskedPastTheDeadlineEndsTheFlowThere() {
        String state = service.start("codex").state();
        proxy.stop(PORT);
        clock.advance(Duration.ofMinutes(10));

        assertTrue(service.status(state).error().orElseThrow().startsWith("Nobody completed"));
    }

    @Test
    void theDeadlineEndsAWaitingFlowOnTheWatchesCheckAndOnACancelToo() {
        String watched = service.start("codex").state();
        String cancelled = service.start("codex").state();
        clock.advance(Duration.ofMinutes(10));

        service.check();

        assertEquals(LoginPhase.ERROR, service.status(watched).phase());
        assertCode(ErrorCode.LOGIN_FINISHED, assertThrows(ConflictException.class, () -> service.cancel(cancelled)));
    }

    @Test
    void aFinishedSignInIsForgottenAfterAWhile() {
        String state = service.start("codex").state();
        service.cancel(state);
        clock.advance(Duration.ofMinutes(5).minusMillis(1));
        service.check();
        assertEquals(LoginPhase.ERROR, service.status(state).phase());

        clock.advance(Duration.ofMillis(1));
        service.check();

        assertCode(ErrorCode.LOGIN_NOT_FOUND, assertThrows(NotFoundException.class, () -> service.status(state)));
    }

    @Test
    void aRefusedKeyIsNeverOfferedAgain() {
        settings.managementSecret("wrong");

        assertCode(ErrorCode.MANAGEMENT_KEY_REJECTED, assertThrows(UpstreamFailureException.class,
                () -> service.start("codex")));
        UpstreamFailureException again = assertThrows(UpstreamFailureException.class, () -> service.start("codex"));

        assertCode(ErrorCode.MANAGEMENT_KEY_REJECTED, again);
        assertTrue(again.detail().orElseThrow().contains("not offered again"), again.toString());
        assertEquals(1, proxy.refusedKeys());
        assertEquals(1, proxy.calls());

        settings.managementSecret(SECRET);
        assertEquals("st-1", service.start("codex").state(), "a corrected secret is used");
    }

    @Test
    void aKeyRefusedWhileWaitingEndsEveryFlowOfIt() {
        String first = service.start("codex").state();
        String second = service.start("claude").state();
        proxy.serve(PORT, "rotated");

        service.check();
        service.check();

        assertEquals(LoginPhase.ERROR, service.status(first).phase());
        assertTrue(service.status(second).error().orElseThrow().contains("401"), service.status(second).toString());
        assertEquals(1, proxy.refusedKeys(), "asked once, then never again with that key");
        assertCode(ErrorCode.MANAGEMENT_KEY_REJECTED, assertThrows(UpstreamFailureException.class,
                () -> service.start("codex")));
        assertEquals(1, proxy.refusedKeys());
    }

    @Test
    void aKeyRefusedOnACallbackEndsTheFlow() {
        String state = service.start("codex").state();
        proxy.serve(PORT, "rotated");

        assertCode(ErrorCode.MANAGEMENT_KEY_REJECTED, assertThrows(UpstreamFailureException.class,
                () -> service.callback(state, "http://localhost/cb?code=1")));

        assertEquals(LoginPhase.ERROR, service.status(state).phase());
        assertCode(ErrorCode.LOGIN_FINISHED, assertThrows(ConflictException.class, () -> service.cancel(state)));
        assertEquals(1, proxy.refusedKeys());
    }

    @Test
    void aCancelWithARefusedKeyEndsTheFlowWithoutAskingTheProxy() {
        String first = service.start("codex").state();
        String second = service.start("codex").state();
        proxy.serve(PORT, "rotated");
        assertThrows(UpstreamFailureException.class, () -> service.callback(first, "http://localhost/cb?code=x"));
        int calls = proxy.calls();

        assertEquals(Optional.of("Cancelled"), service.cancel(second).error());

        assertEquals(calls, proxy.calls());
        assertEquals(1, proxy.refusedKeys());
    }

    @Test
    void aProxyThatStopsEndsItsFlowsAndOneThatStumblesDoesNot() {
        String state = service.start("codex").state();
        proxy.stop(PORT);

        service.check();
        assertEquals(LoginPhase.WAIT, service.status(state).phase(), "it still answers health: it may come back");

        running.set(false);
        service.check();
        assertEquals(Optional.of("The proxy stopped during the sign-in: start it and sign in again"),
                service.status(state).error());
    }

    @Test
    void theProxyMustRunAndKnowTheProvider() {
        running.set(false);
        ConflictException down = assertThrows(ConflictException.class, () -> service.start("codex"));
        assertCode(ErrorCode.PROXY_NOT_RUNNING, down);
        assertTrue(down.detail().orElseThrow().contains("proxy-start"), down.toString());
        assertEquals(0, proxy.calls());
        running.set(true);

        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> service.start("qwen"));
        assertCode(ErrorCode.INVALID_PROVIDER, unknown);
        assertEquals(Optional.of("Provider must be one of: agy, gemini, codex, iflow, kiro, ghcp, claude"),
                unknown.detail());
        InvalidInputException copilot = assertThrows(InvalidInputException.class, () -> service.start("ghcp"));
        assertCode(ErrorCode.LOGIN_UNSUPPORTED, copilot);
        assertTrue(copilot.detail().orElseThrow().contains("accounts/import"), copilot.toString());
        InvalidInputException kiro = assertThrows(InvalidInputException.class, () -> service.start("kiro"));
        assertCode(ErrorCode.LOGIN_UNSUPPORTED, kiro);
        assertTrue(kiro.detail().orElseThrow().contains("CLIProxy Plus"), kiro.toString());
        assertEquals(0, proxy.calls());
        assertEquals(List.of(), told);

        settings.backend(Backend.PLUS);
        assertEquals("kiro", service.start("kiro").provider());
    }

    @Test
    void aFlowTheRunningProxyLacksIsRefusedNamingItsVersion() {
        proxy.serve(PORT, SECRET, Optional.of("7.2.140"), Set.of("codex", "anthropic"));

        InvalidInputException gemini = assertThrows(InvalidInputException.class, () -> service.start("gemini"));

        assertCode(ErrorCode.LOGIN_UNSUPPORTED, gemini);
        assertTrue(gemini.detail().orElseThrow().startsWith("The running proxy (7.2.140) has no gemini-cli sign-in"),
                gemini.toString());
        proxy.serve(PORT, SECRET, Optional.empty(), Set.of());
        assertTrue(assertThrows(InvalidInputException.class, () -> service.start("codex")).detail().orElseThrow()
                .startsWith("The running proxy has no codex sign-in"));
        assertEquals(List.of(), told);
    }

    @Test
    void noSecretNoSignIn() {
        AccountLoginService without = new AccountLoginService(proxy, new InMemoryProxySettings().port(PORT),
                proxyApi(), new AccountsService(accounts, clock, Duration.ofHours(6)), QuotaProvider.builtIn(),
                events, clock, POLICY);
        services.add(without);

        assertCode(ErrorCode.MANAGEMENT_DISABLED, assertThrows(ConflictException.class, () -> without.start("codex")));
    }

    @Test
    void statesAreCheckedAndOnlyThisServersAreKnown() {
        assertCode(ErrorCode.INVALID_LOGIN_STATE, assertThrows(InvalidInputException.class,
                () -> service.status("../x")));
        assertCode(ErrorCode.INVALID_LOGIN_STATE, assertThrows(InvalidInputException.class,
                () -> service.cancel("a/b")));
        assertCode(ErrorCode.INVALID_LOGIN_STATE, assertThrows(InvalidInputException.class,
                () -> service.callback("", "http://localhost/cb?code=1")));
        assertCode(ErrorCode.LOGIN_NOT_FOUND, assertThrows(NotFoundException.class, () -> service.status("st-9")));
    }

    @Test
    void aStateTheProxyShouldNeverGiveIsRefused() {
        AccountLoginService odd = service(new FixedStart(new ProxyLoginStart.Started("http://x", "../evil")), POLICY);

        assertCode(ErrorCode.INVALID_UPSTREAM_RESPONSE, assertThrows(UpstreamFailureException.class,
                () -> odd.start("codex")));
        assertEquals(List.of(), told);
    }

    @Test
    void ofSeveralNewFilesTheNewestIsTheOneAdded() {
        accounts.put("codex-p@b.c.json", true, Optional.of("codex"), Optional.of("p@b.c"), Optional.empty(), NOW);
        String state = service.start("codex").state();
        accounts.put("codex-old@b.c.json", false, Optional.of("codex"), Optional.of("old@b.c"), Optional.empty(),
                NOW.plusSeconds(1));
        clock.advance(Duration.ofSeconds(2));
        proxy.consent(state, "new@b.c");
        accounts.put("codex-p@b.c.json", false, Optional.of("codex"), Optional.of("p@b.c"), Optional.empty(), NOW);
        service.check();

        assertEquals("codex-new@b.c.json", service.status(state).account().orElseThrow().token().file());
    }

    @Test
    void aPausedFileOfTheSameNameAndTimeIsNotTheOneAdded() {
        accounts.put("codex-a@b.c.json", true, Optional.of("codex"), Optional.of("a@b.c"), Optional.empty(), NOW);
        String state = service.start("codex").state();
        proxy.consent(state, "a@b.c"); // written into auth/ at the very instant of the paused one

        service.check();

        assertEquals("codex-a@b.c.json", service.status(state).account().orElseThrow().token().file());
        assertEquals(false, service.status(state).account().orElseThrow().token().paused());
    }

    @Test
    void aCallbackPastTheDeadlineFindsTheSignInOver() {
        String state = service.start("codex").state();
        clock.advance(Duration.ofMinutes(10));

        assertCode(ErrorCode.LOGIN_FINISHED, assertThrows(ConflictException.class,
                () -> service.callback(state, "http://localhost/cb?code=1")));
    }

    @Test
    void aCallbackWithAKeyRefusedBeforeNeverReachesTheProxy() {
        String state = service.start("codex").state();
        proxy.serve(PORT, "rotated");
        assertThrows(UpstreamFailureException.class, () -> service.start("claude"));
        int calls = proxy.calls();

        UpstreamFailureException refused = assertThrows(UpstreamFailureException.class,
                () -> service.callback(state, "http://localhost/cb?code=1"));

        assertTrue(refused.detail().orElseThrow().contains("not offered again"), refused.toString());
        assertEquals(calls, proxy.calls());
    }

    @Test
    void aKeyRefusedOnOneCheckEndsTheFlowItWasAskedForAtOnce() {
        String first = service.start("codex").state();
        String second = service.start("claude").state();
        proxy.serve(PORT, "rotated");

        service.check();

        assertEquals(Set.of("The proxy refused the management secret (HTTP 401)",
                "The proxy refused this management secret before (HTTP 401); it is not offered again, as the proxy"
                        + " bans an address after 5 refused keys. Set cliproxy.auth.management_secret in the ccs"
                        + " settings (or cliproxy/.management-secret-8317) to the proxy's remote-management.secret-key"),
                Set.of(service.status(first).error().orElseThrow(), service.status(second).error().orElseThrow()));
    }

    @Test
    void theProxysWordsAreShortenedPastThreeHundredCharacters() {
        String kept = service.start("codex").state();
        String cut = service.start("codex").state();
        proxy.deny(kept, "k".repeat(300));
        proxy.deny(cut, "c".repeat(301));
        service.check();

        assertEquals(Optional.of("The proxy reports: " + "k".repeat(300)), service.status(kept).error());
        assertEquals(Optional.of("The proxy reports: " + "c".repeat(300) + "..."), service.status(cut).error());
    }

    @Test
    void theWatchKeepsAskingWhileAFlowWaitsAndStopsOnClose() {
        AccountLoginService watched = service(proxy, new LoginPolicy(Duration.ofMinutes(10), Duration.ofMillis(10),
                Duration.ofMinutes(5), Duration.ofSeconds(1)));
        String state = watched.start("codex").state();
        int calls = proxy.calls();
        Await.until(() -> proxy.calls() >= calls + 3, Duration.ofSeconds(10), "the watch asks again and again");
        proxy.consent(state, "w@b.c");
        Await.until(() -> watched.status(state).phase() == LoginPhase.OK, Duration.ofSeconds(10), "seen");
        Await.until(() -> !watched.watching(), Duration.ofSeconds(10), "the watch ends once no flow waits");

        AccountLoginService closing = service(proxy, POLICY);
        closing.start("claude");
        assertTrue(closing.watching());
        closing.close();
        Await.until(() -> !closing.watching(), Duration.ofSeconds(10), "the watch ends on close");
    }

    @Test
    void theWatchAsksOnItsOwnUntilNoFlowWaits() {
        AccountLoginService watched = service(proxy, new LoginPolicy(Duration.ofMinutes(10), Duration.ofMillis(10),
                Duration.ofMinutes(5), Duration.ofSeconds(1)));
        String state = watched.start("codex").state();
        proxy.consent(state, "w@b.c");

        Await.until(() -> watched.status(state).phase() == LoginPhase.OK, "the watch sees the consent");
        Await.until(() -> !watched.anyWaiting(), "no flow waits");
        String next = watched.start("claude").state();
        proxy.deny(next, "no");
        Await.until(() -> watched.status(next).phase() == LoginPhase.ERROR, "a watch started again");
    }

    @Test
    void durationsAreDescribedInTheirLargestExactUnit() {
        assertEquals("10 min", AccountLoginService.described(Duration.ofMinutes(10)));
        assertEquals("90 s", AccountLoginService.described(Duration.ofSeconds(90)));
        assertEquals("1500 ms", AccountLoginService.described(Duration.ofMillis(1500)));
    }

    private AccountLoginService service(ProxyLoginPort port, LoginPolicy policy) {
        AccountLoginService created = new AccountLoginService(port, settings, proxyApi(),
                new AccountsService(accounts, clock, Duration.ofHours(6)), QuotaProvider.builtIn(), events, clock,
                policy);
        services.add(created);
        return created;
    }

    private ProxyApiPort proxyApi() {
        return new ProxyApiPort() {
            @Override
            public ProbeResult probe(int port, Duration timeout) {
                probes.incrementAndGet();
                return running.get() && port == PORT ? ProbeResult.PROXY : ProbeResult.NO_ANSWER;
            }

            @Override
            public ModelCatalog models(int port, Optional<String> apiKey, Duration timeout) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private static LoginStatus waiting(String state, String provider) {
        return new LoginStatus(state, provider, LoginPhase.WAIT, Optional.empty(), Optional.empty());
    }

    private static void assertCode(ErrorCode code, ControlException e) {
        assertEquals(Optional.of(code), e.errorCode(), e.toString());
    }

    /** A proxy that answers every start alike. */
    private record FixedStart(ProxyLoginStart answer) implements ProxyLoginPort {
        public ProxyLoginStart start(int port, String secret, String flow) {
            return answer;
        }

        public ProxyLoginProgress progress(int port, String secret, String state) {
            return new ProxyLoginProgress.Waiting();
        }

        public void callback(int port, String secret, String flow, String state, String redirectUrl) {
        }

        public void cancel(int port, String secret, String state) {
        }
    }
}
