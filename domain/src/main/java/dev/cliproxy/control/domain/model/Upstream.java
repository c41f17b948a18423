package dev.cliproxy.control.domain.model;

import java.net.URI;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A remote service the control plane calls: its name (as {@code --upstream NAME=URL} and the builder name it) and
 * its real base URL, which tests and mirrors replace. Each quota provider with a quota API has one
 * ({@link QuotaProvider#upstream()}); the release feed is the one upstream that is no provider.
 *
 * @param id          the name, lower case
 * @param defaultBase the real scheme, host and port
 */
public record Upstream(String id, URI defaultBase) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** GitHub's API: the release feed of the proxy's backends. */
    public static final Upstream GITHUB = new Upstream("github", URI.create("https://api.github.com"));

    public Upstream {
        checkId(id);
        Objects.requireNonNull(defaultBase, "defaultBase");
        if (defaultBase.getScheme() == null || defaultBase.getHost() == null) {
            throw new IllegalArgumentException("upstream " + id + " needs an absolute URL, was " + defaultBase);
        }
    }

    /** The names of upstreams and providers: lower-case letters, digits and {@code -}, as URLs and flags take them. */
    static void checkId(String id) {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a name is lower-case letters, digits and '-', was " + id);
        }
    }
}
