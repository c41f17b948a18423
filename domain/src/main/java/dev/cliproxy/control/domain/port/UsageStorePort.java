package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.UsageDrain;
import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The usage history: every request's record, unique by its key ({@link dev.cliproxy.control.domain.model.UsageCursor}:
 * instant, instance, request id), with sums that answer reports fast. Failures are
 * {@link dev.cliproxy.control.domain.error.StorageException}s.
 */
public interface UsageStorePort extends AutoCloseable {

    /**
     * Stores {@code records} and, when given, the {@code drain} that took them, in one transaction: when this
     * returns they are committed, and a failure stores none of them. A record whose key is already stored is
     * skipped (re-reads and imports never count twice). Returns the records that were new, in their order.
     */
    List<UsageRecord> store(List<UsageRecord> records, Optional<UsageDrain> drain);

    /** The totals and groups of the records the query covers. */
    UsageReport report(UsageQuery query);

    /** One page of records in page order ({@link dev.cliproxy.control.domain.model.UsageCursor#ORDER}). */
    UsagePage page(UsagePageQuery query);

    /**
     * Hands every record from {@code from} (included) to {@code to} (excluded), in page order, to {@code sink}, one
     * at a time, without holding them all: for exports of any size.
     */
    void export(Instant from, Instant to, Consumer<UsageRecord> sink);

    /**
     * Removes the records (and their sums) older than the start of the UTC day of {@code before}: whole days, so
     * that no day's sums count records that are gone. Returns how many records were removed.
     */
    long prune(Instant before);

    /** The last drain committed for {@code instance}, by whichever server. */
    Optional<UsageDrain> lastDrain(String instance);

    /** What the store is, for the status: {@code sqlite}, {@code postgresql}, {@code memory}. */
    String kind();

    /** Releases the store's connections; the default holds none. */
    @Override
    default void close() {
    }
}
