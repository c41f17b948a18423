package dev.cliproxy.control;

import dev.cliproxy.control.adapter.db.JdbcUsageStoreAdapter;
import dev.cliproxy.control.adapter.http.JdkUsageFeedAdapter;
import dev.cliproxy.control.application.service.CollectUsageService;
import dev.cliproxy.control.application.service.UsageHistoryService;
import dev.cliproxy.control.application.usecase.ListKnownQuotasUseCase;
import dev.cliproxy.control.bootstrap.http.UsageApi;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.ControlSettingsPort;
import dev.cliproxy.control.domain.port.UsageFeedPort;
import dev.cliproxy.control.domain.port.UsageStorePort;
import java.time.Duration;

/**
 * The usage history: its store, the collector that drains the usage feeds of this machine's proxy and of the
 * fleet's other proxies (other local ports, other hosts) into it, its queries.
 */
final class UsageWiring implements AutoCloseable {

    /** How long one call of the proxy's usage feed may take. */
    static final Duration FEED_TIMEOUT = Duration.ofSeconds(10);

    private final UsageStorePort store;
    final CollectUsageService collector;
    final UsageApi api;
    final UsageOperations operations;

    UsageWiring(ControlOptions options, CcsLayout layout, ProcessWiring process, FleetWiring fleet,
                ControlSettingsPort settings, ListKnownQuotasUseCase quotas) {
        this.store = options.usageStore != null ? options.usageStore
                : options.usageDatabase != null ? JdbcUsageStoreAdapter.of(options.usageDatabase)
                : JdbcUsageStoreAdapter.sqlite(layout.usageDatabaseFile());
        UsageFeedPort feed = options.usageFeed != null ? options.usageFeed : new JdkUsageFeedAdapter(FEED_TIMEOUT);
        this.collector = new CollectUsageService(store, CollectUsageService.Source.local(feed, process.settings),
                () -> fleet.usageSources(feed), settings, options.collectUsage,
                "cliproxy-control pid " + process.processes.self().pid(), options.clock);
        UsageHistoryService history = new UsageHistoryService(store);
        this.api = new UsageApi(history, collector, quotas, collector::subscribe, options.clock);
        this.operations = new UsageOperations(history, collector);
        collector.start();
    }

    /** Ends the collection (a batch being committed finishes first), then releases the store. */
    @Override
    public void close() {
        collector.close();
        store.close();
    }
}
