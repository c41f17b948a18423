package dev.cliproxy.control.application.service;

import dev.cliproxy.control.application.usecase.QueryUsageUseCase;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import dev.cliproxy.control.domain.port.UsageStorePort;
import java.time.Instant;
import java.util.function.Consumer;

/** Reads the usage history from its store. */
public final class UsageHistoryService implements QueryUsageUseCase {

    private final UsageStorePort store;

    public UsageHistoryService(UsageStorePort store) {
        this.store = store;
    }

    @Override
    public UsageReport report(UsageQuery query) {
        return store.report(query);
    }

    @Override
    public UsagePage page(UsagePageQuery query) {
        return store.page(query);
    }

    @Override
    public void export(Instant from, Instant to, Consumer<UsageRecord> sink) {
        UsageQuery.checkRange(from, to);
        store.export(from, to, sink);
    }
}
