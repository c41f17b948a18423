package dev.cliproxy.control;

import dev.cliproxy.control.application.service.CollectUsageService;
import dev.cliproxy.control.application.usecase.QueryUsageUseCase;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The usage history: {@code control.usage()}. Every request the proxy served, drained from its usage queue while
 * collection is on ({@link CliProxyControlBuilder#collectUsage}, {@code usage.enabled} of the control settings), kept
 * in {@code cliproxy/usage.db} (or the database of {@link CliProxyControlBuilder#usageDatabase}).
 */
public final class UsageOperations {

    private final QueryUsageUseCase history;
    private final CollectUsageService collector;

    UsageOperations(QueryUsageUseCase history, CollectUsageService collector) {
        this.history = history;
        this.collector = collector;
    }

    /** The totals of the query's range, and its groups (by day, hour, provider, model, account or API key). */
    public UsageReport report(UsageQuery query) {
        return history.report(query);
    }

    /** One page of raw records, oldest first; {@link UsagePage#next()} is the cursor of the next page. */
    public UsagePage requests(UsagePageQuery query) {
        return history.page(query);
    }

    /** Every record from {@code from} to {@code to}, oldest first, one at a time: for exports of any size. */
    public void export(Instant from, Instant to, Consumer<UsageRecord> sink) {
        history.export(from, to, sink);
    }

    /** What the collector does, and who last drained the proxy's queue into the store. */
    public UsageCollectorStatus status() {
        return collector.status();
    }

    /**
     * Drains the proxy's usage feed now, on the caller's thread, as the collector does every interval (waiting for
     * a turn in progress). Does nothing while collection is off.
     */
    public UsageCollectorStatus collectNow() {
        collector.turn();
        return collector.status();
    }
}
