package dev.cliproxy.control.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an account alert tells: the event names of {@code GET /events} and of webhook deliveries. */
public enum AlertKind {
    /** The account's quota fell to the {@code lowAtPercent} of the automation policy (told once per crossing). */
    QUOTA_LOW,
    /** The account was paused: by a person, or by the automation when its quota ran low. */
    ACCOUNT_PAUSED,
    /** The account was resumed: by a person, or by the automation at its quota's reset. */
    ACCOUNT_RESUMED,
    /** The account's token expires within the expiring window (told once per change of state). */
    TOKEN_EXPIRING,
    /** The account's token has expired (told once per change of state). */
    TOKEN_EXPIRED;

    /** The event name: {@code quota-low}, {@code account-paused}, ... */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<AlertKind> fromId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id().equals(id)).findFirst();
    }
}
