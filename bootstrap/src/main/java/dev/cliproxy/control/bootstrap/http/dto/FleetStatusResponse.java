package dev.cliproxy.control.bootstrap.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.cliproxy.control.domain.model.FleetInstanceStatus;
import dev.cliproxy.control.domain.model.FleetInstanceStatus.Outcome;
import dev.cliproxy.control.domain.model.ProxyStatus;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /api/fleet/status}: {@code {"instances":[...],"elapsedMs"}}, each instance with its
 * {@code proxy-status} fields, a {@code state} ({@code running} or {@code stopped} for a local one; for a remote
 * one {@code ready}, {@code no_management_key}, {@code key_rejected}, {@code forbidden},
 * {@code management_unavailable}, {@code unreachable}; for
 * any {@code timed_out} past the deadline, {@code error} when asking failed) and how long it took.
 */
public record FleetStatusResponse(List<Item> instances, long elapsedMs) {

    public static FleetStatusResponse from(List<FleetInstanceStatus> statuses, Duration elapsed) {
        return new FleetStatusResponse(statuses.stream().map(Item::from).toList(), elapsed.toMillis());
    }

    /** One instance; only the fields its state has are written. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String id, String name, String kind, String state, boolean running, Integer port, Long pid,
                       Integer sessionCount, Long startedAt, String baseUrl, String version, String message,
                       String error, String code, long elapsedMs) {

        static Item from(FleetInstanceStatus status) {
            FleetInstanceResponse instance = FleetInstanceResponse.from(status.instance());
            long elapsed = status.elapsed().toMillis();
            return switch (status.outcome()) {
                case Outcome.Answered answered -> {
                    ProxyStatusResponse shown = ProxyStatusResponse.from(answered.status());
                    String state = switch (answered.status()) {
                        case ProxyStatus.Remote remote -> remote.state().id();
                        default -> shown.running() ? "running" : "stopped";
                    };
                    yield new Item(instance.id(), instance.name(), instance.kind(), state, shown.running(),
                            shown.port() != null ? shown.port() : instance.port(), shown.pid(), shown.sessionCount(),
                            shown.startedAt(), instance.baseUrl(), shown.version(), shown.message(), null, null,
                            elapsed);
                }
                case Outcome.TimedOut timedOut -> new Item(instance.id(), instance.name(), instance.kind(),
                        "timed_out", false, instance.port(), null, null, null, instance.baseUrl(), null,
                        "No answer within " + timedOut.deadline().toMillis() + " ms (fleet.statusTimeout)", null,
                        null, elapsed);
                case Outcome.Failed failed -> new Item(instance.id(), instance.name(), instance.kind(), "error",
                        false, instance.port(), null, null, null, instance.baseUrl(), null,
                        failed.failure().message().orElse(null), failed.failure().error(),
                        failed.failure().code().orElse(null), elapsed);
            };
        }
    }
}
