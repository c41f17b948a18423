package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The last drain of an instance's usage feed that a store committed: by whom (a control server, named with its
 * host and process), when, and how many records it took. The {@code ccs} dashboard drains the same queue without
 * leaving a mark, so records it took are in no store here.
 */
public record UsageDrain(String instance, String by, Instant at, int records) {

    public UsageDrain {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }
}
