package dev.cliproxy.control.domain.model;

import java.util.Objects;

/**
 * The keys the {@code ccs} tools' clients use with the proxy, from their settings: {@code cliproxy.auth.api_key}
 * (sent on {@code /v1/*}) and {@code cliproxy.auth.management_secret} (sent to the management API). A proxy config
 * must accept both for every {@code ccs} session and the Node dashboard to work with it.
 */
public record ClientKeys(String apiKey, String managementSecret) {

    /** What the {@code ccs} tools use when their settings name no key. */
    public static final ClientKeys DEFAULTS = new ClientKeys("ccs-internal-managed", "ccs");

    public ClientKeys {
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(managementSecret, "managementSecret");
        if (apiKey.isEmpty() || managementSecret.isEmpty()) {
            throw new IllegalArgumentException("client keys must not be empty");
        }
    }

    /** Never the keys themselves: a record's default text would put them in logs and exception messages. */
    @Override
    public String toString() {
        return "ClientKeys[apiKey=***, managementSecret=***]";
    }
}
