package dev.cliproxy.control.domain.model;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The rule a redirect pasted back from another machine must pass before it goes to the proxy's
 * {@code oauth-callback}: the address the browser landed on after consent, an {@code http} or {@code https} URL whose
 * query carries the provider's {@code code} (or its {@code error}) and, when it names one, this sign-in's
 * {@code state}. It may hold the authorization code: it is never echoed.
 */
public final class LoginRedirect {

    /** Far more than any provider's redirect; a larger text is no redirect. */
    static final int MAX_LENGTH = 8192;

    private LoginRedirect() {
    }

    /** Throws an {@code InvalidInputException} {@code invalid_callback} saying what is wrong with {@code url}. */
    public static void check(String url, String state) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            throw invalid("redirectUrl is the address the browser landed on after consent (at most " + MAX_LENGTH
                    + " characters)");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw invalid("redirectUrl is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getRawQuery() == null) {
            throw invalid("redirectUrl is an http(s) address with the provider's answer in its query");
        }
        Map<String, String> query = query(uri.getRawQuery());
        String named = query.get("state");
        if (named != null && !named.equals(state)) {
            throw invalid("redirectUrl belongs to another sign-in (its state is not this one's)");
        }
        if (query.get("code") == null && query.get("error") == null) {
            throw invalid("redirectUrl holds neither the provider's code nor its error");
        }
    }

    /** The first non-blank value of each parameter, decoded (the URI has checked the escapes). */
    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                if (!value.isBlank()) {
                    values.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8), value);
                }
            }
        }
        return values;
    }

    private static InvalidInputException invalid(String detail) {
        return new InvalidInputException(ErrorCode.INVALID_CALLBACK, detail);
    }
}
