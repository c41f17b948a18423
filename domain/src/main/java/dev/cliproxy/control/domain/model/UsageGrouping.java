package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What usage is grouped by ({@code groupBy=}): a UTC day ({@code 2026-11-30}) or hour ({@code 2026-11-30T14:00Z}),
 * the provider, the model, the account, the client API key ({@link ApiKeyIdentity#display()}), or the instance the
 * records came from ({@link UsageRecord#LOCAL}, or a fleet instance's id).
 */
public enum UsageGrouping {
    DAY("day"),
    HOUR("hour"),
    PROVIDER("provider"),
    MODEL("model"),
    ACCOUNT("account"),
    API_KEY("apiKey"),
    INSTANCE("instance");

    private static final DateTimeFormatter DAY_KEY = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR_KEY = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH':00Z'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private final String id;

    UsageGrouping(String id) {
        this.id = id;
    }

    /** The name {@code groupBy=} takes. */
    public String id() {
        return id;
    }

    /** The grouping named {@code id} ({@code day}, {@code apiKey}...); anything else is refused, listing them. */
    public static UsageGrouping of(String id) {
        return Arrays.stream(values()).filter(g -> g.id.equals(id)).findFirst()
                .orElseThrow(() -> new InvalidInputException(ErrorCode.INVALID_USAGE_QUERY, "groupBy takes "
                        + Arrays.stream(values()).map(UsageGrouping::id).collect(Collectors.joining(", "))
                        + " (comma-separated), was '" + (id.length() > 40 ? id.substring(0, 40) + "..." : id) + "'"));
    }

    /** The key of this grouping for requests of {@code dimensions}. */
    public String keyOf(UsageDimensions dimensions) {
        return switch (this) {
            case DAY -> DAY_KEY.format(Instant.ofEpochMilli(dimensions.hour()));
            case HOUR -> HOUR_KEY.format(Instant.ofEpochMilli(dimensions.hour()));
            case PROVIDER -> dimensions.provider();
            case MODEL -> dimensions.model();
            case ACCOUNT -> dimensions.account();
            case API_KEY -> dimensions.apiKey().display();
            case INSTANCE -> dimensions.instance();
        };
    }
}
