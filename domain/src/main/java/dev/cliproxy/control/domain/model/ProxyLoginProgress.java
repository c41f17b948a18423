package dev.cliproxy.control.domain.model;

import java.util.Objects;

/** Where a sign-in stands, as the proxy tells it ({@code GET /v0/management/get-auth-status?state=}). */
public sealed interface ProxyLoginProgress {

    /** Nobody has consented yet. */
    record Waiting() implements ProxyLoginProgress {
    }

    /** The proxy has written the account's token file. */
    record Done() implements ProxyLoginProgress {
    }

    /** The sign-in failed (refused, timed out, unknown to the proxy): {@code reason} in the proxy's words. */
    record Failed(String reason) implements ProxyLoginProgress {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
