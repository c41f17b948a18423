package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.UsagePage;
import dev.cliproxy.control.domain.model.UsagePageQuery;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.domain.model.UsageReport;
import java.time.Instant;
import java.util.function.Consumer;

/** The usage history: {@code GET /usage}, {@code /usage/requests} and {@code /usage/export}. */
public interface QueryUsageUseCase {

    /** The totals, and the groups the query asks for, of the requests in its range. */
    UsageReport report(UsageQuery query);

    /** One page of raw records, oldest first. */
    UsagePage page(UsagePageQuery query);

    /** Every record of the range, oldest first, handed to {@code sink} one at a time. */
    void export(Instant from, Instant to, Consumer<UsageRecord> sink);
}
