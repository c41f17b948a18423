package dev.cliproxy.control.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.error.ConflictException;
import dev.cliproxy.control.domain.error.ControlException;
import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.RateLimitedException;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.Timestamps;
import dev.cliproxy.control.domain.model.UpstreamResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * How provider answers become quota input or contract failures, shared by every quota adapter. Upstream error
 * text reaches a message only redacted (the account's token and anything token-shaped removed) and truncated.
 */
final class UpstreamAnswers {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DETAIL = 200;
    private static final Pattern AUTH_VALUE =
            Pattern.compile("(?i)\\b(bearer|token|basic)(\\s+|=|:\\s*)[^\\s\"',;}]+");
    private static final Pattern TOKEN_SHAPED = Pattern.compile(
            "eyJ[\\w-]+\\.[\\w-]+\\.[\\w-]*|ya29\\.[\\w.-]+|gh[opusr]_\\w+|sk-[\\w-]+|[A-Za-z0-9_\\-]{32,}");

    private UpstreamAnswers() {
    }

    /** The call's URL on {@code base}: its scheme, host and port replace the real host's, the path stays. */
    static URI at(URI base, String pathAndQuery) {
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + pathAndQuery);
    }

    /** The JSON object of a 2xx answer; any other answer is thrown as the contract's failure for it. */
    static JsonNode requireJson(UpstreamResponse response, Credential credential, String service,
                                boolean forbiddenMeansReauth) {
        if (response.status() < 200 || response.status() > 299) {
            throw failure(response, credential, service, forbiddenMeansReauth);
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            if (root == null || !root.isObject()) {
                throw invalid(service);
            }
            return root;
        } catch (IOException e) {
            throw invalid(service);
        }
    }

    private static UpstreamFailureException invalid(String service) {
        return new UpstreamFailureException(ErrorCode.INVALID_UPSTREAM_RESPONSE, service
                + " answered with something that is not its quota JSON");
    }

    static ControlException failure(UpstreamResponse response, Credential credential, String service,
                                    boolean forbiddenMeansReauth) {
        int status = response.status();
        String detail = service + " answered HTTP " + status + detailSuffix(response, credential);
        if (status == 401 || status == 403 && forbiddenMeansReauth) {
            return new ConflictException(ErrorCode.REAUTH_REQUIRED, service + " rejected the access token (HTTP "
                    + status + "). Start the proxy so that it refreshes the token, or sign in to this account again.");
        }
        if (status == 403) {
            return new ConflictException(ErrorCode.QUOTA_API_FORBIDDEN, detail);
        }
        if (status == 429) {
            return new RateLimitedException(ErrorCode.UPSTREAM_RATE_LIMITED, detail,
                    response.header("retry-after").flatMap(UpstreamAnswers::retryAfter).orElse(null));
        }
        if (status >= 500) {
            return new UpstreamFailureException(ErrorCode.PROVIDER_UNAVAILABLE, detail);
        }
        return new UpstreamFailureException(ErrorCode.QUOTA_REQUEST_FAILED, detail);
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date. */
    static Optional<Duration> retryAfter(String value) {
        String text = value.strip();
        if (text.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
        }
        try {
            Duration wait = Duration.between(Instant.now(),
                    ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String detailSuffix(UpstreamResponse response, Credential credential) {
        String text = response.bodyText();
        String message = text;
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null && root.isObject()) {
                message = firstText(root.path("error"), "message").or(() -> firstText(root, "message", "error",
                        "error_description", "detail")).orElse("");
            }
        } catch (IOException notJson) {
            if (text.stripLeading().startsWith("<")) {
                message = "[HTML error response omitted]";
            }
        }
        String redacted = redact(message, credential);
        return redacted.isEmpty() ? "" : ": " + redacted;
    }

    /** Removes the account's token and anything token-shaped, control characters, and cuts to a short line. */
    static String redact(String text, Credential credential) {
        String cleaned = text.replace(credential.accessToken(), "[redacted]");
        cleaned = AUTH_VALUE.matcher(cleaned).replaceAll("$1 [redacted]");
        cleaned = TOKEN_SHAPED.matcher(cleaned).replaceAll("[redacted]");
        cleaned = cleaned.replaceAll("\\p{Cntrl}+", " ").strip();
        return cleaned.length() <= MAX_DETAIL ? cleaned : cleaned.substring(0, MAX_DETAIL) + "…";
    }

    /** The first of {@code names} that holds a non-blank string. */
    static Optional<String> firstText(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return Optional.of(value.asText());
            }
        }
        return Optional.empty();
    }

    /** The first of {@code names} that holds a finite number, written as a number or as numeric text. */
    static OptionalDouble firstNumber(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value == null) {
                continue;
            }
            if (value.isNumber() && Double.isFinite(value.asDouble())) {
                return OptionalDouble.of(value.asDouble());
            }
            if (value.isTextual()) {
                try {
                    double parsed = Double.parseDouble(value.asText().strip());
                    if (Double.isFinite(parsed)) {
                        return OptionalDouble.of(parsed);
                    }
                } catch (NumberFormatException ignored) {
                    // not a number: try the next name
                }
            }
        }
        return OptionalDouble.empty();
    }

    /** The first of {@code names} that holds an instant (ISO text, a date, or epoch seconds or milliseconds). */
    static Optional<Instant> firstInstant(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && (value.isTextual() || value.isNumber())) {
                Optional<Instant> instant = Timestamps.parse(value.asText());
                if (instant.isPresent()) {
                    return instant;
                }
            }
        }
        return Optional.empty();
    }

    /** The first of {@code names} that holds an object. */
    static Optional<JsonNode> firstObject(JsonNode node, String... names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isObject()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
