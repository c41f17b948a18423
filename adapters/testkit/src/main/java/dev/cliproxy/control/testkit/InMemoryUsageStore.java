package dev.cliproxy.control.testkit;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.StorageException;
import dev.cliproxy.control.domain.model.UsageCursor;
import dev.cliproxy.control.domain.model.UsageDrain;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import dev.cliproxy.control.domain.model.UtcPeriods;
import dev.cliproxy.control.domain.port.UsageStorePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The usage history in memory, with the real store's rules: unique by key ({@link UsageCursor#of}), a batch
 * stored whole or not at all, reports added up by the domain's own rule ({@link UsageReport#of}), pages in
 * {@link UsageCursor#ORDER}, pruning at the start of the day. {@link #failNextStores(int)} makes commits fail,
 * as a full disk or a lost database would.
 */
public final class InMemoryUsageStore implements UsageStorePort {

    private final Map<UsageCursor, UsageRecord> records = new LinkedHashMap<>();
    private final Map<String, UsageDrain> drains = new HashMap<>();
    private int failures;
    private int commits;

    /** The next {@code count} calls of {@link #store} fail, storing nothing. */
    public synchronized InMemoryUsageStore failNextStores(int count) {
        failures = count;
        return this;
    }

    /** Every record held, in the order they were stored. */
    public synchronized List<UsageRecord> all() {
        return new ArrayList<>(records.values());
    }

    /** How many batches were committed. */
    public synchronized int commits() {
        return commits;
    }

    @Override
    public synchronized List<UsageRecord> store(List<UsageRecord> batch, Optional<UsageDrain> drain) {
        if (failures > 0) {
            failures--;
            throw new StorageException(ErrorCode.STORAGE_ERROR, "writing the usage history (memory) failed");
        }
        List<UsageRecord> stored = new ArrayList<>();
        for (UsageRecord record : batch) {
            if (records.putIfAbsent(UsageCursor.of(record), record) == null) {
                stored.add(record);
            }
        }
        drain.ifPresent(mark -> drains.put(mark.instance(), mark));
        commits++;
        return stored;
    }

    @Override
    public synchronized UsageReport report(UsageQuery query) {
        return UsageReport.of(records.values(), query);
    }

    @Override
    public synchronized UsagePage page(UsagePageQuery query) {
        List<UsageRecord> admitted = new ArrayList<>(records.values().stream().filter(query::admits).toList());
        admitted.sort(UsageCursor.ORDER);
        return UsagePage.of(admitted.subList(0, Math.min(admitted.size(), query.limit() + 1)), query.limit());
    }

    @Override
    public void export(Instant from, Instant to, Consumer<UsageRecord> sink) {
        List<UsageRecord> range;
        synchronized (this) {
            range = new ArrayList<>(records.values().stream()
                    .filter(r -> !r.timestamp().isBefore(from) && r.timestamp().isBefore(to)).toList());
        }
        range.sort(UsageCursor.ORDER);
        range.forEach(sink);
    }

    @Override
    public synchronized long prune(Instant before) {
        long cutoff = UtcPeriods.dayOf(before.toEpochMilli());
        int size = records.size();
        records.values().removeIf(r -> r.timestamp().toEpochMilli() < cutoff);
        return size - records.size();
    }

    @Override
    public synchronized Optional<UsageDrain> lastDrain(String instance) {
        return Optional.ofNullable(drains.get(instance));
    }

    @Override
    public String kind() {
        return "memory";
    }
}
