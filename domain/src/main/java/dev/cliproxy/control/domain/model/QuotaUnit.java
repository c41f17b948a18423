package dev.cliproxy.control.domain.model;

import java.util.Locale;

/** What the numbers of a {@link QuotaEntry} count. */
public enum QuotaUnit {
    TOKENS, REQUESTS,
    /** The provider only publishes a fraction: {@code limit} is 100 and {@code used + remaining == 100}. */
    PERCENT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
