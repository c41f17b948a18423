package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.UsageCollectorStatus;
import dev.cliproxy.control.domain.model.UsageFeedKind;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /usage/status}: whether this server collects, and the store it fills; at the top level, as before
 * fleets were collected, this machine's proxy (its state, its feed and version, what was stored from it since this
 * server started, the store's last drain of it, the last problem); in {@code instances}, the same for every
 * instance drained, this machine's first, each with when this server last drained it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageStatusResponse(boolean enabled, String state, String feed, String proxyVersion, long collected,
                                  LastDrain lastDrain, String lastError, Long lastErrorAt, String store,
                                  List<InstanceStatus> instances) {

    /** Who last drained an instance's queue into this store. */
    public record LastDrain(String by, long at, int records) {
    }

    /** One instance: {@code local} (this machine's proxy) or a fleet instance's id. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InstanceStatus(String instance, String state, String feed, String proxyVersion, long collected,
                                 LastDrain lastDrain, Long lastSuccessAt, String lastError, Long lastErrorAt) {

        static InstanceStatus from(UsageCollectorStatus.Instance i) {
            return new InstanceStatus(i.instance(), i.state().id(), i.feed().map(UsageFeedKind::id).orElse(null),
                    i.proxyVersion().orElse(null), i.collected(),
                    i.lastDrain().map(d -> new LastDrain(d.by(), d.at().toEpochMilli(), d.records())).orElse(null),
                    i.lastSuccessAt().map(Instant::toEpochMilli).orElse(null), i.lastError().orElse(null),
                    i.lastErrorAt().map(Instant::toEpochMilli).orElse(null));
        }
    }

    public static UsageStatusResponse from(UsageCollectorStatus s) {
        InstanceStatus local = InstanceStatus.from(s.local());
        return new UsageStatusResponse(s.enabled(), local.state(), local.feed(), local.proxyVersion(),
                local.collected(), local.lastDrain(), local.lastError(), local.lastErrorAt(), s.store(),
                s.instances().stream().map(InstanceStatus::from).toList());
    }
}
