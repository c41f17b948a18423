package dev.cliproxy.control.domain.model;

import java.util.Optional;

/**
 * Where a proxy of a given version hands out its usage records ({@code cliproxyapi.md} §0, §3.3): from v6.10.8 the
 * destructive {@code usage-queue}; before v6.10.0 the in-memory {@code /usage} history, read again and again (its
 * records are told apart by a hash of their content, so re-reading adds nothing twice); in between, nowhere.
 */
public enum UsageFeedKind {
    QUEUE("queue"),
    LEGACY("legacy"),
    NONE("none");

    private static final ProxyVersion FIRST_WITHOUT_STATISTICS = new ProxyVersion(6, 10, 0, 0);
    private static final ProxyVersion FIRST_QUEUE = new ProxyVersion(6, 10, 8, 0);

    private final String id;

    UsageFeedKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /**
     * The feed of a proxy whose {@code X-CPA-VERSION} is {@code version}; a version that is absent or not a release
     * number ({@code dev} builds) is taken to be recent: the queue.
     */
    public static UsageFeedKind forVersion(Optional<String> version) {
        Optional<ProxyVersion> parsed = version.flatMap(ProxyVersion::parse);
        if (parsed.isEmpty() || parsed.get().compareTo(FIRST_QUEUE) >= 0) {
            return QUEUE;
        }
        return parsed.get().compareTo(FIRST_WITHOUT_STATISTICS) < 0 ? LEGACY : NONE;
    }
}
