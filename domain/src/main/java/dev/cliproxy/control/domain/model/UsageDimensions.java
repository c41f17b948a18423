package dev.cliproxy.control.domain.model;

import java.util.Objects;

/**
 * What usage can be grouped by, for one request or one row of sums: the UTC hour (epoch milliseconds of its start),
 * instance, provider, model, account and API key. A store summing by some of them leaves the others empty.
 */
public record UsageDimensions(long hour, String instance, String provider, String model, String account,
                              ApiKeyIdentity apiKey) {

    public UsageDimensions {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    public static UsageDimensions of(UsageRecord record) {
        return new UsageDimensions(record.hour(), record.instance(), record.provider(), record.model(),
                record.account(), record.apiKey());
    }

    /** These dimensions at another {@code hour} (the start of its day, for daily sums). */
    public UsageDimensions at(long hour) {
        return new UsageDimensions(hour, instance, provider, model, account, apiKey);
    }
}
