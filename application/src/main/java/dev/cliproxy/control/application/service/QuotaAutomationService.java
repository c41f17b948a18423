package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.GetQuotaUseCase;
import dev.cliproxy.control.application.usecase.RunAccountAutomationUseCase;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.model.AccountAlert;
import dev.cliproxy.control.domain.model.AccountAutomationState;
import dev.cliproxy.control.domain.model.AccountAutomationStatus;
import dev.cliproxy.control.domain.model.AccountNotes;
import dev.cliproxy.control.domain.model.AccountPause;
import dev.cliproxy.control.domain.model.AccountToken;
import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.PauseReason;
import dev.cliproxy.control.domain.model.QuotaAutomationRule;
import dev.cliproxy.control.domain.model.QuotaAutomationSettings;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.TokenState;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * The account watch. Every {@code pollInterval} of the control settings' {@code automation} section, while the
 * automation is enabled or a webhook waits for alerts, it looks at every account: tells {@code token-expiring} and
 * {@code token-expired} once per change, and, when the automation is enabled, asks for the quotas of the accounts
 * it covers (at most {@code maxConcurrent} calls at once, through the quota use case and so its per-provider rate
 * limit and cache), tells {@code quota-low}, and pauses and resumes as {@link QuotaAutomationRule} decides. In
 * between, at every check, it resumes the pauses of its own that are due, even once disabled. Everything it knows
 * that must outlive a restart is in the account state file; what it keeps in memory (which accounts must sign in
 * again, when each was asked last) only spares the providers calls.
 *
 * <p>{@link #check()} makes its decisions with the injected clock: a thread calls it every {@code tick}
 * ({@link #start()}), a test after moving a test clock.
 */
public final class QuotaAutomationService implements RunAccountAutomationUseCase, AutoCloseable {

    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    private static final System.Logger LOG = System.getLogger(QuotaAutomationService.class.getName());

    private final AccountLedger ledger;
    private final GetQuotaUseCase quota;
    private final ControlSettingsPort settingsFile;
    private final PeriodicTask checks;
    /** One pass at a time, whether the thread or a caller of {@link #run()} makes it. */
    private final ReentrantLock passes = new ReentrantLock();
    /** Accounts whose token was refused, with the file's time then: not asked again until the file changes. */
    private final Map<String, Instant> reauth = new ConcurrentHashMap<>();
    /** When each account's quota was last asked for: those asked longest ago go first. */
    private final Map<String, Instant> askedAt = new ConcurrentHashMap<>();
    private volatile ControlSettings lastGood = ControlSettings.DEFAULTS;
    private volatile AccountAutomationStatus status = AccountAutomationStatus.NEVER;
    /** The policy of the last pass: a changed one calls for a pass at once. Guarded by {@link #passes}. */
    private QuotaAutomationSettings lastPolicy;

    /** @param tick how often {@link #check()} runs once started */
    public QuotaAutomationService(AccountsService accounts, GetQuotaUseCase quota, ControlSettingsPort settingsFile,
                                  Duration tick) {
        this.ledger = accounts.ledger();
        this.quota = quota;
        this.settingsFile = settingsFile;
        this.checks = PeriodicTask.waitingFirst("cliproxy-account-watch", "account watch check", () -> tick,
                this::check);
    }

    /** Checks every {@code tick} on a virtual thread until {@link #close()}; a second call does nothing. */
    public void start() {
        checks.start();
    }

    /** Ends the checks; an account paused by the automation stays so until a later run resumes it. */
    @Override
    public void close() {
        checks.close();
    }

    @Override
    public AccountAutomationStatus status() {
        return status;
    }

    @Override
    public AccountAutomationStatus run() {
        ControlSettings settings = settings();
        passes.lock();
        try {
            pass(settings, ledger.now());
            return status;
        } finally {
            passes.unlock();
        }
    }

    /** One check: a whole pass when one is due, else the resumes that are due. */
    public void check() {
        ControlSettings settings = settings();
        QuotaAutomationSettings policy = settings.automation();
        Instant now = ledger.now();
        passes.lock();
        try {
            boolean watching = policy.enabled() || !settings.alerts().webhooks().isEmpty();
            boolean due = !policy.equals(lastPolicy) || status.lastPassAt()
                    .map(last -> !now.isBefore(last.plus(policy.pollInterval()))).orElse(true);
            if (watching && due) {
                pass(settings, now);
            } else {
                resumeDue(policy, now);
            }
        } finally {
            passes.unlock();
        }
    }

    /** The automation's pauses whose time has come, resumed without looking at anything else. */
    private void resumeDue(QuotaAutomationSettings policy, Instant now) {
        boolean any = ledger.pauses().values().stream().anyMatch(pause -> pause.reason() == PauseReason.QUOTA
                && QuotaAutomationRule.next(policy, AccountAutomationState.pausedBy(pause), Optional.empty(), now)
                        .equals(AccountAutomationState.active(Optional.empty())));
        if (!any) {
            return;
        }
        AccountLedger.Snapshot snapshot = ledger.snapshot();
        for (AccountToken token : snapshot.tokens()) {
            if (token.paused()) {
                decide(token, snapshot.state(token), policy, Optional.empty(), now);
            }
        }
    }

    /** A whole pass: token alerts, then quotas, alerts and decisions for every account. */
    private void pass(ControlSettings settings, Instant now) {
        QuotaAutomationSettings policy = settings.automation();
        lastPolicy = policy;
        AccountLedger.Snapshot snapshot = ledger.snapshot();
        for (AccountToken token : snapshot.tokens()) {
            tellTokenState(token, snapshot.notes(token.file()), now);
        }
        Set<String> withQuotaApi = quota.providers().stream().filter(p -> p.upstream().isPresent())
                .map(QuotaProvider::id).collect(Collectors.toSet());
        List<AccountToken> wanted = snapshot.tokens().stream()
                .filter(token -> withQuotaApi.contains(token.provider()))
                .filter(token -> QuotaAutomationRule.wantsReading(policy, token.provider(), snapshot.state(token),
                        ledger.tokenState(token, now), now))
                .filter(token -> !token.modifiedAt().equals(reauth.get(token.file())))
                .sorted(Comparator.comparing(token -> askedAt.getOrDefault(token.file(), Instant.MIN)))
                .toList();
        Readings readings = read(wanted, policy.maxConcurrent(), now);
        for (AccountToken token : snapshot.tokens()) {
            Optional<List<QuotaEntry>> reading = Optional.ofNullable(readings.entries().get(token.file()));
            reading.ifPresent(entries -> tellLow(token, snapshot.notes(token.file()), policy, entries, now));
            decide(token, snapshot.state(token), policy, reading, now);
        }
        List<String> mustSignIn = snapshot.tokens().stream()
                .filter(token -> ledger.tokenState(token, now) == TokenState.EXPIRED
                        || token.modifiedAt().equals(reauth.get(token.file())))
                .map(token -> token.provider() + "/" + token.accountId()).sorted().toList();
        boolean watching = policy.enabled() || !settings.alerts().webhooks().isEmpty();
        status = new AccountAutomationStatus(policy.enabled(), Optional.of(now),
                watching ? Optional.of(now.plus(policy.pollInterval())) : Optional.empty(),
                readings.entries().size(), readings.failed(), readings.rateLimited(), mustSignIn);
    }

    private void tellTokenState(AccountToken token, AccountNotes notes, Instant now) {
        TokenState state = ledger.tokenState(token, now);
        Optional<AlertKind> alert = notes.tokenAlert(state);
        if (!notes.withToken(state).equals(notes)) {
            ledger.updateNotes(token.file(), current -> current.withToken(state));
        }
        alert.ifPresent(kind -> ledger.publish(AccountAlert.token(kind, token, now)));
    }

    private void tellLow(AccountToken token, AccountNotes notes, QuotaAutomationSettings policy,
                         List<QuotaEntry> reading, Instant now) {
        List<QuotaEntry> low = QuotaAutomationRule.lowEntries(reading, policy.lowAtPercent(), now);
        if (notes.toldLow() != !low.isEmpty()) {
            ledger.updateNotes(token.file(), current -> current.withLow(!low.isEmpty()));
        }
        if (notes.lowAlert(!low.isEmpty())) {
            ledger.publish(AccountAlert.quotaLow(token, low, now));
        }
    }

    private void decide(AccountToken token, AccountAutomationState state, QuotaAutomationSettings policy,
                        Optional<List<QuotaEntry>> reading, Instant now) {
        AccountAutomationState next = QuotaAutomationRule.next(policy, state, reading, now);
        if (next.equals(state)) {
            return;
        }
        List<QuotaEntry> low = next.paused() ? reading.map(r -> QuotaAutomationRule.lowEntries(r,
                policy.pauseAtPercent(), now)).orElse(List.of()) : List.of();
        try {
            ledger.applyIfCurrent(token, state, next, PauseReason.QUOTA, low);
        } catch (ControlException e) {
            // Moved or taken meanwhile (a conflict, a vanished file): the next pass looks again.
            LOG.log(System.Logger.Level.DEBUG, "account {0} left as it is: {1}", token.file(), e.getMessage());
        }
    }

    /** What a pass learnt of the quotas: readings by file name, and the calls that failed or were refused. */
    private record Readings(Map<String, List<QuotaEntry>> entries, int failed, int rateLimited) {
    }

    /**
     * Asks for the quotas of {@code wanted}, in that order, at most {@code concurrent} at once; a provider that
     * answers with a rate limit (ours or its own) is asked no more in this pass.
     */
    private Readings read(List<AccountToken> wanted, int concurrent, Instant now) {
        Map<String, List<QuotaEntry>> entries = new ConcurrentHashMap<>();
        Set<String> limited = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger rateLimited = new AtomicInteger();
        Semaphore slots = new Semaphore(concurrent, true);
        List<Runnable> calls = new ArrayList<>();
        for (AccountToken token : wanted) {
            calls.add(() -> {
                if (limited.contains(token.provider())) {
                    return;
                }
                askedAt.put(token.file(), now);
                try {
                    if (quota.quota(token.provider(), token.accountId()) instanceof QuotaResult.Fetched fetched) {
                        entries.put(token.file(), fetched.quotas());
                    }
                } catch (RateLimitedException e) {
                    limited.add(token.provider());
                    rateLimited.incrementAndGet();
                } catch (ConflictException e) {
                    // The token expired or was refused: not asked again until the file changes.
                    reauth.put(token.file(), token.modifiedAt());
                    failed.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    LOG.log(System.Logger.Level.DEBUG, "quota of {0} not read: {1}", token.file(), e.getMessage());
                }
            });
        }
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Runnable call : calls) {
                slots.acquire();
                executor.execute(() -> {
                    try {
                        call.run();
                    } finally {
                        slots.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Readings(Map.copyOf(entries), failed.get(), rateLimited.get());
    }

    /** The settings in force: the file's, the last good ones while the file is broken. */
    private ControlSettings settings() {
        try {
            ControlSettings read = settingsFile.read().settings();
            lastGood = read;
            return read;
        } catch (ControlException e) {
            return lastGood;
        }
    }
}
