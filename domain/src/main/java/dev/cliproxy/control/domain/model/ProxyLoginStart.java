package dev.cliproxy.control.domain.model;

import java.util.Objects;
import java.util.Optional;

/** What the proxy answered when asked to start a sign-in ({@code GET /v0/management/<flow>-auth-url}). */
public sealed interface ProxyLoginStart {

    /** The sign-in runs: {@code url} is the consent page a person opens, {@code state} names the flow. */
    record Started(String url, String state) implements ProxyLoginStart {
        public Started {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(state, "state");
        }
    }

    /** The running proxy has no such flow (its version or backend); {@code version} as it names itself, if it does. */
    record Unsupported(Optional<String> version) implements ProxyLoginStart {
        public Unsupported {
            Objects.requireNonNull(version, "version");
        }
    }
}
