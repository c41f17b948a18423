package dev.cliproxy.control.bootstrap.http;

import dev.cliproxy.control.application.usecase.GetUsageCollectorStatusUseCase;
import dev.cliproxy.control.application.usecase.ListKnownQuotasUseCase;
import dev.cliproxy.control.application.usecase.QueryUsageUseCase;
import dev.cliproxy.control.domain.model.UsageRecord;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the API serves of the usage history ({@code /usage}, {@code /usage/requests}, {@code /usage/export},
 * {@code /usage/status}), and what {@code GET /metrics} reads beyond the other areas: the quotas known without
 * calling a provider, and the records as they are stored ({@code subscribe} returns what ends the subscription).
 */
public record UsageApi(QueryUsageUseCase history, GetUsageCollectorStatusUseCase collector,
                       ListKnownQuotasUseCase quotas, Function<Consumer<List<UsageRecord>>, Runnable> subscribe) {

    public UsageApi {
        Objects.requireNonNull(history, "history");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(quotas, "quotas");
        Objects.requireNonNull(subscribe, "subscribe");
    }
}
