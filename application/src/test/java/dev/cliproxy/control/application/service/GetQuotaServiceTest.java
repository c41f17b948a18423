package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.error.UpstreamTimeoutException;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.QuotaPolicy;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import dev.cliproxy.control.domain.port.CredentialStorePort;
import dev.cliproxy.control.domain.port.ProxyManagementPort;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.TestClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GetQuotaServiceTest {

    /** Answers scripted in order; each entry is a response or an exception to throw. */
    static final class ScriptedUpstream implements UpstreamCallPort {
        final Deque<Supplier<UpstreamResponse>> script = new ArrayDeque<>();
        final List<Credential> calls = new ArrayList<>();

        ScriptedUpstream then(int status) {
            script.add(() -> new UpstreamResponse(status, Map.of(), new byte[0]));
            return this;
        }

        ScriptedUpstream thenTimeout() {
            script.add(() -> {
                throw new UpstreamTimeoutException(ErrorCode.UPSTREAM_TIMEOUT, "slow");
            });
            return this;
        }

        @Override
        public UpstreamResponse call(UpstreamRequest request, Credential credential) {
            calls.add(credential);
            Supplier<UpstreamResponse> next = script.poll();
            return next == null ? new UpstreamResponse(200, Map.of(), new byte[0]) : next.get();
        }
    }

    /** A provider that reads statuses the way the real adapters do. */
    record StatusProvider(QuotaProvider provider) implements QuotaProviderPort {
        @Override
        public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
            UpstreamResponse response = upstream.call(
                    UpstreamRequest.get(URI.create("https://example.invalid/q"), Map.of(), "Bearer"), credential);
            return switch (response.status()) {
                case 200 -> List.of(QuotaEntry.percent("m", 0.25, null));
                case 401 -> throw new ConflictException(ErrorCode.REAUTH_REQUIRED, null);
                case 429 -> throw new RateLimitedException(ErrorCode.UPSTREAM_RATE_LIMITED, null,
                        Duration.ofSeconds(5));
                default -> throw new UpstreamFailureException(ErrorCode.PROVIDER_UNAVAILABLE, null);
            };
        }
    }

    final TestClock clock = new TestClock();
    final ScriptedUpstream direct = new ScriptedUpstream();
    final ScriptedUpstream managedUpstream = new ScriptedUpstream();
    final List<String> managementCalls = new ArrayList<>();
    final InMemoryProxyHost host = new InMemoryProxyHost(clock);
    InMemoryProxySettings settings = new InMemoryProxySettings().managementSecret("mgmt");
    final List<String> lookups = new ArrayList<>();
    Credential codex;
    GetQuotaService service;

    @BeforeEach
    void setUp() {
        codex = credential(Optional.empty());
        service = service(120);
    }

    /** A proxy runs on the settings' port (it answers the probe the quota fallback makes). */
    void proxyRuns() {
        host.launch(Path.of("/bin/cli-proxy-api"), Backend.ORIGINAL, settings.lifecyclePort());
    }

    Credential credential(Optional<Instant> expiry) {
        return new Credential(QuotaProvider.CODEX, "codex-u@x.io.json", false, Optional.of("u@x.io"), "tok",
                expiry, Optional.empty(), Optional.of("acct"), Optional.empty());
    }

    GetQuotaService service(int perMinute) {
        CredentialStorePort store = (provider, accountId) -> {
            lookups.add(provider.id() + ":" + accountId);
            return provider == QuotaProvider.CODEX && accountId.equals("u@x.io") ? Optional.of(codex) : Optional.empty();
        };
        ProxyManagementPort management = (port, secret, credential, request) -> {
            managementCalls.add(port + ":" + secret);
            return managedUpstream.call(request, credential);
        };
        return new GetQuotaService(store, List.of(new StatusProvider(QuotaProvider.CODEX),
                new StatusProvider(QuotaProvider.CLAUDE)), direct, management, settings,
                host, clock, new QuotaPolicy(Duration.ofMinutes(2), perMinute,
                Duration.ofMillis(100)));
    }

    @Test
    void everyProviderIsListedTheBuiltInOnesFirstAPortForOneOfThemTakingItsPlace() {
        QuotaProvider codexElsewhere = QuotaProvider.withQuotaApi("codex", "https://codex.example", false,
                new TokenFileNaming(List.of("codex"), List.of("codex-")));
        QuotaProvider added = QuotaProvider.withQuotaApi("acme", "https://acme.example", false,
                new TokenFileNaming(List.of("acme"), List.of("acme-")));
        GetQuotaService withPorts = new GetQuotaService((provider, accountId) -> Optional.empty(),
                List.of(new StatusProvider(added), new StatusProvider(codexElsewhere)), direct,
                (port, secret, credential, request) -> managedUpstream.call(request, credential), settings, host,
                clock, new QuotaPolicy(Duration.ofMinutes(2), 120, Duration.ofMillis(100)));

        List<QuotaProvider> expected = new ArrayList<>(QuotaProvider.builtIn());
        expected.set(expected.indexOf(QuotaProvider.CODEX), codexElsewhere);
        expected.add(added);
        assertEquals(expected, withPorts.providers());
    }

    @Test
    void aSuccessIsCachedUntilItsTtlPasses() {
        QuotaResult.Fetched first = assertInstanceOf(QuotaResult.Fetched.class, service.quota("codex", "u@x.io"));
        assertFalse(first.cached());
        assertEquals(clock.instant(), first.fetchedAt());
        assertEquals(25L, first.quotas().getFirst().remaining());

        clock.advance(Duration.ofSeconds(119));
        QuotaResult.Fetched second = assertInstanceOf(QuotaResult.Fetched.class, service.quota("codex", "u@x.io"));
        assertTrue(second.cached());
        assertEquals(first.fetchedAt(), second.fetchedAt());
        assertEquals(1, direct.calls.size());

        clock.advance(Duration.ofSeconds(1));
        assertFalse(((QuotaResult.Fetched) service.quota("codex", "u@x.io")).cached());
        assertEquals(2, direct.calls.size());
    }

    @Test
    void theLastQuotaOfEachAccountStaysKnownPastTheCache() {
        assertEquals(List.of(), service.known());
        QuotaResult.Fetched first = assertInstanceOf(QuotaResult.Fetched.class, service.quota("codex", "u@x.io"));
        clock.advance(Duration.ofHours(3));
        assertEquals(List.of(first), service.known(), "metrics read it without calling the provider");
        QuotaResult.Fetched second = assertInstanceOf(QuotaResult.Fetched.class, service.quota("codex", "u@x.io"));
        assertEquals(List.of(second), service.known(), "one entry per account: the newest");
    }

    @Test
    void fiveHundredsAreRetriedOnceAndNeverCached() {
        direct.then(500).then(502);
        assertThrows(UpstreamFailureException.class, () -> service.quota("codex", "u@x.io"));
        assertEquals(2, direct.calls.size());
        QuotaResult.Fetched next = (QuotaResult.Fetched) service.quota("codex", "u@x.io");
        assertFalse(next.cached());
        assertEquals(3, direct.calls.size());
    }

    @Test
    void aTimeoutIsRetriedOnceAndTwoAreA504ThatIsNotCached() {
        direct.thenTimeout().then(200);
        assertFalse(((QuotaResult.Fetched) service.quota("codex", "u@x.io")).cached());
        assertEquals(2, direct.calls.size());

        clock.advance(Duration.ofSeconds(600));
        direct.thenTimeout().thenTimeout();
        assertThrows(UpstreamTimeoutException.class, () -> service.quota("codex", "u@x.io"));
        assertEquals(4, direct.calls.size());
        service.quota("codex", "u@x.io");
        assertEquals(5, direct.calls.size());
    }

    @Test
    void upstream429IsNeitherRetriedNorCached() {
        direct.then(429);
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> service.quota("codex", "u@x.io"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), e.retryAfter());
        assertEquals(1, direct.calls.size());
        service.quota("codex", "u@x.io");
        assertEquals(2, direct.calls.size());
    }

    @Test
    void anExpiredTokenWithoutAProxyIs409AndCallsNobody() {
        codex = credential(Optional.of(clock.instant().minusSeconds(1)));
        ConflictException e = assertThrows(ConflictException.class, () -> service.quota("codex", "u@x.io"));
        assertEquals("Re-authentication required", e.error());
        assertEquals(Optional.of("reauth_required"), e.code());
        assertTrue(e.detail().orElseThrow().contains("Start the proxy"), e.detail().orElseThrow());
        assertTrue(e.detail().orElseThrow().contains("sign in"), e.detail().orElseThrow());
        assertTrue(direct.calls.isEmpty());
        assertTrue(managementCalls.isEmpty());
    }

    @Test
    void anExpiredTokenGoesThroughTheRunningProxy() {
        codex = credential(Optional.of(clock.instant().minusSeconds(1)));
        proxyRuns();
        QuotaResult.Fetched result = (QuotaResult.Fetched) service.quota("codex", "u@x.io");
        assertEquals(1, result.quotas().size());
        assertEquals(List.of("8317:mgmt"), managementCalls);
        assertTrue(direct.calls.isEmpty());
    }

    @Test
    void aRunningProxyWithoutAManagementSecretCannotHelp() {
        codex = credential(Optional.of(clock.instant().minusSeconds(1)));
        proxyRuns();
        settings = new InMemoryProxySettings();
        service = service(120);
        assertThrows(ConflictException.class, () -> service.quota("codex", "u@x.io"));
        assertTrue(managementCalls.isEmpty());
    }

    @Test
    void aRejectedTokenIsTriedOnceMoreThroughTheProxy() {
        proxyRuns();
        direct.then(401);
        assertEquals(1, ((QuotaResult.Fetched) service.quota("codex", "u@x.io")).quotas().size());
        assertEquals(1, direct.calls.size());
        assertEquals(1, managementCalls.size());
    }

    @Test
    void aRejectedTokenWithTheProxyDownIs409() {
        direct.then(401);
        ConflictException e = assertThrows(ConflictException.class, () -> service.quota("codex", "u@x.io"));
        assertEquals(Optional.of("reauth_required"), e.code());
        assertEquals(1, direct.calls.size());
    }

    @Test
    void theRateLimitIsPerProviderAndCountsCacheHits() {
        service = service(3);
        for (int i = 0; i < 3; i++) {
            service.quota("codex", "u@x.io");
        }
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> service.quota("codex", "u@x.io"));
        assertEquals("Too many quota requests", e.error());
        assertEquals(Optional.of("rate_limited"), e.code());
        assertEquals(Optional.of(Duration.ofMinutes(1)), e.retryAfter());
        assertThrows(NotFoundException.class, () -> service.quota("claude", "u@x.io"));

        clock.advance(Duration.ofSeconds(60));
        service.quota("codex", "u@x.io");
    }

    @Test
    void invalidProvidersDoNotSpendTheBudget() {
        service = service(1);
        for (int i = 0; i < 5; i++) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> service.quota("qwen", "u@x.io"));
            assertEquals("Invalid provider", e.error());
            assertEquals(Optional.of("Provider must be one of: agy, gemini, codex, iflow, kiro, ghcp, claude"),
                    e.detail());
        }
        service.quota("codex", "u@x.io");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "..", "../auth/x", "a/b", "a\\b", "a..b", "x\u0000y", "x\ny", "C:x", "%2e%2e"})
    void invalidAccountIdsAre400AndReadNothing(String accountId) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> service.quota("codex", accountId));
        assertEquals("Invalid account ID", e.error());
        assertTrue(lookups.isEmpty());
        assertTrue(direct.calls.isEmpty());
    }

    @Test
    void variantAndStemAccountIdsAreValid() {
        assertThrows(NotFoundException.class, () -> service.quota("codex", "u@x.io#work"));
        assertThrows(NotFoundException.class, () -> service.quota("codex", "codex-u_x_io-team"));
        assertEquals(List.of("codex:u@x.io#work", "codex:codex-u_x_io-team"), lookups);
    }

    @Test
    void anUnknownAccountIs404() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> service.quota("codex", "nobody@x.io"));
        assertEquals("Account not found", e.error());
    }

    @Test
    void aProviderWithoutQuotaEndpointIsUnsupportedWithoutReadingFiles() {
        QuotaResult.Unsupported result = assertInstanceOf(QuotaResult.Unsupported.class,
                service.quota("iflow", "u@x.io"));
        assertEquals(QuotaProvider.IFLOW, result.provider());
        assertTrue(result.message().contains("no quota endpoint"));
        assertTrue(lookups.isEmpty());
    }
}
