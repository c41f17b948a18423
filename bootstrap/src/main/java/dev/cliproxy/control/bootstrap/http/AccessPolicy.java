package dev.cliproxy.control.bootstrap.http;

import java.util.Objects;

/** Who may call the API: loopback callers only (the default), or anyone holding the access token. */
public sealed interface AccessPolicy {

    /** Bound to loopback: a request must name a loopback host and come from no other site. */
    record LoopbackOnly() implements AccessPolicy {
    }

    /** Bound elsewhere: every request must carry {@code Authorization: Bearer <token>}. */
    record TokenRequired(String token) implements AccessPolicy {
        public TokenRequired {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
        }

        @Override
        public String toString() {
            return "TokenRequired[token=***]";
        }
    }
}
