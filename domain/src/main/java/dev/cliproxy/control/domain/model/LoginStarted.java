package dev.cliproxy.control.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A sign-in just started: the consent page to open ({@code url}), the {@code state} that names the flow, and when
 * this server stops waiting for it.
 */
public record LoginStarted(String state, String url, String provider, Instant expiresAt) {

    public LoginStarted {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
