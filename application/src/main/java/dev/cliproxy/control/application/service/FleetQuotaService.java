package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetFleetQuotaUseCase;
import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.application.usecase.ListAuthFilesUseCase;
import dev.cliproxy.control.application.usecase.ListFleetInstancesUseCase;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.model.FleetFailure;
import dev.cliproxy.control.domain.model.FleetInstance;
import dev.cliproxy.control.domain.model.FleetInstanceQuota;
import dev.cliproxy.control.domain.model.FleetInstanceQuota.AccountQuota;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.StoredFile;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The quota of every account of every instance, through each instance's own use cases: its auth files name its
 * accounts (a file's provider by the catalogue's naming, its account id the file's stem, as {@code GET /accounts}
 * has them), and its quota use case asks for each. At most {@code fleet.quotaConcurrency} quota calls run at once,
 * and each provider admits at most {@code requestsPerMinute} of them across the fleet; an account over that limit is
 * reported as rate limited rather than waited for. Local instances share the CCS directory's accounts: the first
 * one is asked for them.
 */
public final class FleetQuotaService implements GetFleetQuotaUseCase {

    private final ListFleetInstancesUseCase instances;
    private final Function<FleetInstance, Instance> instanceOf;
    private final ControlSettingsPort controlSettings;
    private final int requestsPerMinute;
    private final Clock clock;
    private final Map<String, QuotaRateLimiter> limiters = new ConcurrentHashMap<>();

    /** The use cases of one instance that its quotas need. */
    public record Instance(ListAuthFilesUseCase authFiles, GetQuotaUseCase quota) {
        public Instance {
            Objects.requireNonNull(authFiles, "authFiles");
            Objects.requireNonNull(quota, "quota");
        }
    }

    /**
     * @param requestsPerMinute how many quota calls each provider admits per minute across the fleet
     * @param controlSettings   where the number of concurrent calls is set ({@code fleet.quotaConcurrency})
     */
    public FleetQuotaService(ListFleetInstancesUseCase instances, Function<FleetInstance, Instance> instanceOf,
                             ControlSettingsPort controlSettings, int requestsPerMinute, Clock clock) {
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException("requestsPerMinute must be positive");
        }
        this.instances = instances;
        this.instanceOf = instanceOf;
        this.controlSettings = controlSettings;
        this.requestsPerMinute = requestsPerMinute;
        this.clock = clock;
    }

    @Override
    public List<FleetInstanceQuota> quota() {
        int concurrency = FleetRegistryService.fleetSettings(controlSettings).quotaConcurrency();
        List<FleetInstance> all = instances.list();
        Optional<String> firstLocal = all.stream().filter(FleetInstance.Local.class::isInstance)
                .map(FleetInstance::id).findFirst();
        Semaphore calls = new Semaphore(concurrency);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FleetInstanceQuota>> answers = new ArrayList<>(all.size());
            for (FleetInstance instance : all) {
                Optional<String> shared = instance instanceof FleetInstance.Local
                        ? firstLocal.filter(first -> !first.equals(instance.id())) : Optional.empty();
                answers.add(threads.submit(() -> shared.isPresent()
                        ? new FleetInstanceQuota(instance, shared, List.of(), Optional.empty())
                        : quotaOf(instance, threads, calls)));
            }
            List<FleetInstanceQuota> quotas = new ArrayList<>(all.size());
            for (Future<FleetInstanceQuota> answer : answers) {
                quotas.add(await(answer));
            }
            return quotas;
        }
    }

    private FleetInstanceQuota quotaOf(FleetInstance instance, ExecutorService threads, Semaphore calls) {
        Instance uses = instanceOf.apply(instance);
        List<Account> accounts;
        try {
            accounts = accounts(uses);
        } catch (ControlException e) {
            return new FleetInstanceQuota(instance, Optional.empty(), List.of(), Optional.of(FleetFailure.of(e)));
        }
        List<Future<AccountQuota>> answers = new ArrayList<>(accounts.size());
        for (Account account : accounts) {
            answers.add(threads.submit(() -> ask(uses.quota(), account, calls)));
        }
        List<AccountQuota> quotas = new ArrayList<>(answers.size());
        for (Future<AccountQuota> answer : answers) {
            quotas.add(await(answer));
        }
        return new FleetInstanceQuota(instance, Optional.empty(), quotas, Optional.empty());
    }

    /** The accounts of the instance's auth files whose provider has a quota route, by provider then account id. */
    private static List<Account> accounts(Instance uses) {
        List<QuotaProvider> providers = uses.quota().providers();
        return uses.authFiles().list().files().stream()
                .map(StoredFile::name)
                .filter(name -> name.endsWith(".json") && name.length() > ".json".length())
                .map(name -> new Account(QuotaProvider.ownerOf(providers, Optional.empty(), name),
                        name.substring(0, name.length() - ".json".length())))
                .filter(account -> providers.stream().anyMatch(p -> p.id().equals(account.provider())))
                .sorted(Comparator.comparing(Account::provider).thenComparing(Account::accountId))
                .toList();
    }

    private AccountQuota ask(GetQuotaUseCase quota, Account account, Semaphore calls) throws InterruptedException {
        Optional<Duration> wait = limiters.computeIfAbsent(account.provider(),
                provider -> new QuotaRateLimiter(requestsPerMinute, Duration.ofMinutes(1), clock)).tryAcquire();
        if (wait.isPresent()) {
            return failed(account, new FleetFailure(ErrorCode.RATE_LIMITED.error(),
                    Optional.of(ErrorCode.RATE_LIMITED.id()), Optional.of("The fleet's limit of " + requestsPerMinute
                    + " " + account.provider() + " quota calls per minute is reached: retry after "
                    + Math.max(1, wait.get().toSeconds()) + " s")));
        }
        calls.acquire();
        try {
            return new AccountQuota(account.provider(), account.accountId(),
                    Optional.of(quota.quota(account.provider(), account.accountId())), Optional.empty());
        } catch (ControlException e) {
            return failed(account, FleetFailure.of(e));
        } finally {
            calls.release();
        }
    }

    private static AccountQuota failed(Account account, FleetFailure failure) {
        return new AccountQuota(account.provider(), account.accountId(), Optional.empty(), Optional.of(failure));
    }

    /** The task's result; a fault of ours (not a reported failure) is rethrown as it was. */
    private static <T> T await(Future<T> answer) {
        try {
            return answer.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException fault) {
                throw fault;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the fleet's quotas", e);
        }
    }

    /** An account of an instance, as its token file names it. */
    private record Account(String provider, String accountId) {
    }
}
