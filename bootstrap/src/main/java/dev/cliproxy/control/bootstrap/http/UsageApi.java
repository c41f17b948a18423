package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetUsageCollectorStatusUseCase;
import dev.cliproxy.control.application.usecase.ListKnownQuotasUseCase;
import dev.cliproxy.control.application.usecase.QueryUsageUseCase;
import dev.cliproxy.control.domain.model.UsageRecord;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the API serves of the usage history ({@code /usage}, {@code /usage/requests}, {@code /usage/export},
 * {@code /usage/status}), and what {@code GET /metrics} reads beyond the other areas: the quotas known without
 * calling a provider, and the records as they are stored ({@code subscribe} returns what ends the subscription);
 * {@code clock} is the control's (the builder's), which says where a range without {@code to} ends.
 */
public record UsageApi(QueryUsageUseCase history, GetUsageCollectorStatusUseCase collector,
                       ListKnownQuotasUseCase quotas, Function<Consumer<List<UsageRecord>>, Runnable> subscribe,
                       Clock clock) {

    public UsageApi {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(subscribe, "subscribe");
        Objects.requireNonNull(clock, "clock");
    }
}
