package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.NotFoundException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.AuthFileListing;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetInstanceQuota;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.TestClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The quotas of the fleet's accounts: each instance's own, bounded in concurrency and per provider. */
class FleetQuotaServiceTest {

    private final InMemoryControlSettings settings = new InMemoryControlSettings();
    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T10:00:00Z"));
    private final Map<String, FleetQuotaService.Instance> uses = new ConcurrentHashMap<>();
    private final List<FleetInstance> instances = new ArrayList<>();

    private FleetQuotaService service(int perMinute) {
        ListFleetInstancesUseCase list = new ListFleetInstancesUseCase() {
            @Override
            public List<FleetInstance> list() {
                return List.copyOf(instances);
            }

            @Override
            public FleetInstance find(String id) {
                throw new AssertionError("not asked");
            }
        };
        return new FleetQuotaService(list, instance -> uses.get(instance.id()), settings, perMinute, clock);
    }

    private static FleetInstance.Remote remote(String id) {
        return new FleetInstance.Remote(id, id, new RemoteProxy(URI.create("https://" + id + ":443"), Optional.empty(),
                Optional.of("k")));
    }

    private void instance(FleetInstance instance, List<String> files, GetQuotaUseCase quota) {
        instances.add(instance);
        uses.put(instance.id(), new FleetQuotaService.Instance(() -> new AuthFileListing(Path.of(""),
                files.stream().map(name -> new StoredFile(name, 1, Instant.EPOCH)).toList()), quota));
    }

    /** Answers every account as supported by nobody, recording who was asked and how many at once. */
    private static class Quotas implements GetQuotaUseCase {
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger mostAtOnce = new AtomicInteger();

        @Override
        public QuotaResult quota(String provider, String accountId) {
            int now = running.incrementAndGet();
            mostAtOnce.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            asked.add(provider + "/" + accountId);
            if (accountId.contains("gone")) {
                throw new NotFoundException(ErrorCode.ACCOUNT_NOT_FOUND, null);
            }
            return new QuotaResult.Unsupported(QuotaProvider.builtIn().stream().filter(p -> p.id().equals(provider))
                    .findFirst().orElseThrow(), accountId, "none", Instant.EPOCH);
        }

        @Override
        public List<QuotaProvider> providers() {
            return QuotaProvider.builtIn();
        }
    }

    @Test
    void eachInstancesTokenFilesAreItsAccountsByProviderThenIdAndTheLocalOnesAreAskedOnce() {
        Quotas local = new Quotas();
        Quotas remote = new Quotas();
        List<String> localFiles = List.of("codex-b@x.json", "antigravity-a@x.json", "codex-a@x.json", "notes.txt",
                "codex-notes.txt", "mystery.json", ".json");
        instance(new FleetInstance.Local(8317), localFiles, local);
        instance(new FleetInstance.Local(9000), localFiles, local);
        instance(remote("home"), List.of("claude-c@x.json", "gone-x.json"), remote);

        List<FleetInstanceQuota> result = service(120).quota();

        assertEquals(List.of("agy/antigravity-a@x", "codex/codex-a@x", "codex/codex-b@x"), result.get(0).accounts()
                .stream().map(a -> a.provider() + "/" + a.accountId()).toList());
        assertTrue(result.get(0).accounts().stream().allMatch(a -> a.result().isPresent()));
        assertEquals(Optional.of("local-8317"), result.get(1).sameAccountsAs());
        assertEquals(List.of(), result.get(1).accounts());
        assertEquals(3, local.asked.size(), "the local accounts are asked once");
        assertEquals(List.of("claude/claude-c@x"), result.get(2).accounts().stream()
                .filter(a -> a.result().isPresent()).map(a -> a.provider() + "/" + a.accountId()).toList());
        assertEquals(Optional.empty(), result.get(2).sameAccountsAs());
    }

    @Test
    void anAccountsFailureIsItsOwnAndAnInstanceThatCannotListIsReportedAsSuch() {
        Quotas quotas = new Quotas();
        instances.add(remote("down"));
        uses.put("down", new FleetQuotaService.Instance(() -> {
            throw new UpstreamFailureException(ErrorCode.REMOTE_UNREACHABLE, "no route");
        }, quotas));
        instance(remote("home"), List.of("codex-gone@x.json", "codex-ok@x.json"), quotas);

        List<FleetInstanceQuota> result = service(120).quota();

        assertEquals(Optional.of("remote_unreachable"), result.get(0).failure().orElseThrow().code());
        assertEquals(List.of(), result.get(0).accounts());
        FleetInstanceQuota.AccountQuota gone = result.get(1).accounts().get(0);
        assertEquals(Optional.of("account_not_found"), gone.failure().orElseThrow().code());
        assertTrue(result.get(1).accounts().get(1).result().isPresent());
        assertEquals(Optional.empty(), result.get(1).failure());
    }

    @Test
    void aFaultOfOursIsNotAnAccountsFailure() {
        instance(remote("a"), List.of("codex-1.json"), new Quotas() {
            @Override
            public QuotaResult quota(String provider, String accountId) {
                throw new IllegalStateException("a bug");
            }
        });
        assertThrows(IllegalStateException.class, () -> service(120).quota());
    }

    @Test
    void atMostTheConfiguredNumberOfCallsRunAtOnce() {
        settings.put(ControlSettings.fromTree(Map.of("fleet", Map.of("quotaConcurrency", 2))));
        Quotas quotas = new Quotas();
        instance(remote("a"), List.of("codex-1.json", "codex-2.json", "codex-3.json", "codex-4.json"), quotas);
        instance(remote("b"), List.of("claude-1.json", "claude-2.json", "claude-3.json", "claude-4.json"), quotas);

        service(120).quota();

        assertEquals(8, quotas.asked.size());
        assertTrue(quotas.mostAtOnce.get() <= 2, "at most 2 at once, was " + quotas.mostAtOnce.get());
        assertEquals(2, quotas.mostAtOnce.get(), "and that many do run at once");
    }

    @Test
    void eachProviderAdmitsItsLimitAcrossTheFleetAndTheRestAreReportedRateLimited() {
        Quotas quotas = new Quotas();
        instance(remote("a"), List.of("codex-1.json", "claude-1.json"), quotas);
        instance(remote("b"), List.of("codex-2.json", "claude-2.json"), quotas);

        FleetQuotaService service = service(1);
        List<FleetInstanceQuota.AccountQuota> all = service.quota().stream()
                .flatMap(q -> q.accounts().stream()).toList();

        assertEquals(2, quotas.asked.size(), "one call per provider: " + quotas.asked);
        List<FleetInstanceQuota.AccountQuota> limited = all.stream().filter(a -> a.failure().isPresent()).toList();
        assertEquals(List.of("claude", "codex"), limited.stream().map(FleetInstanceQuota.AccountQuota::provider)
                .sorted().toList());
        limited.forEach(a -> {
            assertEquals(Optional.of("rate_limited"), a.failure().orElseThrow().code());
            assertTrue(a.failure().orElseThrow().message().orElseThrow().contains("retry after 60 s"),
                    a.failure().orElseThrow().message().orElseThrow());
        });
        clock.advance(Duration.ofMinutes(1));
        assertEquals(2, service.quota().stream().flatMap(q -> q.accounts().stream())
                .filter(a -> a.result().isPresent()).count(), "a minute later each provider admits one again");
    }
}
