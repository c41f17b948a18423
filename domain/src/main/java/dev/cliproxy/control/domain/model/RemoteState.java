package dev.cliproxy.control.domain.model;

import java.util.Locale;

/** How a proxy on another host answered a check: whether it answered at all, and whether its management API let us in. */
public enum RemoteState {
    /** It answered, and its management API accepted the key. */
    READY,
    /** It answered; no management key is configured, so its management API was not asked (it bans failed logins). */
    NO_MANAGEMENT_KEY,
    /** It answered, and its management API refused the key (401): the key is not sent again until it changes. */
    KEY_REJECTED,
    /** It answered, and its management API refused this address (403: remote management off, or a ban). */
    FORBIDDEN,
    /**
     * It answered, but its management API did not, or not usefully: none there (404: no {@code secret-key}), a
     * failure, or no answer in time.
     */
    MANAGEMENT_UNAVAILABLE,
    /** Nothing answered: the connection failed, or TLS did not trust the proxy's certificate. */
    UNREACHABLE,
    /** No answer came before the deadline. */
    TIMED_OUT;

    /** Whether the proxy answered, whatever its management API said. */
    public boolean answered() {
        return this != UNREACHABLE && this != TIMED_OUT;
    }

    /** The state as the API spells it: {@code key_rejected}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
