package dev.cliproxy.control.domain.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the proxy's management API answered to a usage call; {@code version} is the proxy's as its
 * {@code X-CPA-VERSION} header says, when it says.
 */
public sealed interface UsageFeedAnswer {

    /** Records handed out (popped from the queue, or the whole in-memory history of a proxy before v6.10). */
    record Records(List<UsageRecord> records, Optional<String> version) implements UsageFeedAnswer {
        public Records {
            records = List.copyOf(records);
            Objects.requireNonNull(version, "version");
        }
    }

    /** Whether the proxy collects usage at all ({@code usage-statistics-enabled}), the answer of a probe. */
    record Probed(boolean statisticsEnabled, Optional<String> version) implements UsageFeedAnswer {
        public Probed {
            Objects.requireNonNull(version, "version");
        }
    }

    /** 404: this version has no such route, or the proxy's management API is off (no secret-key configured). */
    record NotServed(Optional<String> version) implements UsageFeedAnswer {
    }

    /** 401 or 403: the management secret was refused. The proxy bans an address after a few of these. */
    record Refused(int status, Optional<String> version) implements UsageFeedAnswer {
    }

    /** Nothing answers on the port: the proxy is down. */
    record Unreachable(String reason) implements UsageFeedAnswer {
    }

    /** Anything else: another status, a timeout, an answer that is not the expected JSON. */
    record Failed(String reason) implements UsageFeedAnswer {
    }
}
