package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsageFeedKind;
import java.time.Instant;

/**
 * {@code GET /usage/status}: whether this server collects, its state, the proxy's feed and version, what it stored
 * since it started, the store's last drain (by whom, when, how many) and the last problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageStatusResponse(boolean enabled, String state, String feed, String proxyVersion, long collected,
                                  LastDrain lastDrain, String lastError, Long lastErrorAt, String store) {

    /** Who last drained the proxy's queue into this store. */
    public record LastDrain(String by, long at, int records) {
    }

    public static UsageStatusResponse from(UsageCollectorStatus s) {
        return new UsageStatusResponse(s.enabled(), s.state().id(), s.feed().map(UsageFeedKind::id).orElse(null),
                s.proxyVersion().orElse(null), s.collected(),
                s.lastDrain().map(d -> new LastDrain(d.by(), d.at().toEpochMilli(), d.records())).orElse(null),
                s.lastError().orElse(null), s.lastErrorAt().map(Instant::toEpochMilli).orElse(null), s.store());
    }
}
