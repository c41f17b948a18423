package dev.cliproxy.control.testkit.arbitrary;

import java.util.Map;
import java.util.Objects;

/** One answer of a provider's quota endpoint, as the testkit's in-memory upstream or a stub server gives it. */
public sealed interface QuotaAnswer {

    /** The HTTP status the control API must answer with for this upstream answer (contract §4). */
    int expectedStatus();

    /** An HTTP answer: a usable quota (200) or a refusal (401, 403, 429, 5xx). */
    record Reply(int status, Map<String, String> headers, String body, int expectedStatus) implements QuotaAnswer {
        public Reply {
            headers = Map.copyOf(headers);
            Objects.requireNonNull(body, "body");
        }

        @Override
        public String toString() {
            return "HTTP " + status + (headers.isEmpty() ? "" : " " + headers);
        }
    }

    /** No answer in time. */
    record TimesOut() implements QuotaAnswer {
        @Override
        public int expectedStatus() {
            return 504;
        }

        @Override
        public String toString() {
            return "timeout";
        }
    }

    /** The host cannot be reached. */
    record Unreachable() implements QuotaAnswer {
        @Override
        public int expectedStatus() {
            return 502;
        }

        @Override
        public String toString() {
            return "unreachable";
        }
    }

    static QuotaAnswer ok(String json) {
        return new Reply(200, Map.of("Content-Type", "application/json"), json, 200);
    }

    /** A refusal and what it becomes: 401 → 409 re-authentication, 429 → 429, 5xx → 502. */
    static QuotaAnswer refused(int status) {
        int expected = switch (status) {
            case 401, 403 -> 409;
            case 429 -> 429;
            default -> 502;
        };
        Map<String, String> headers = status == 429 ? Map.of("Retry-After", "17") : Map.of();
        return new Reply(status, headers, "{\"error\":{\"message\":\"no\"}}", expected);
    }
}
