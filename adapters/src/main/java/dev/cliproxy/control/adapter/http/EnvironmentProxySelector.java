package dev.cliproxy.control.adapter.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Routes outbound calls through {@code HTTPS_PROXY} / {@code HTTP_PROXY} (or {@code ALL_PROXY}), except hosts
 * that {@code NO_PROXY} names and loopback, which always go direct (users behind corporate proxies, ccs#714).
 */
public final class EnvironmentProxySelector extends ProxySelector {

    private final Optional<InetSocketAddress> httpsProxy;
    private final Optional<InetSocketAddress> httpProxy;
    private final List<String> noProxy;

    public EnvironmentProxySelector(Map<String, String> environment) {
        Optional<InetSocketAddress> all = address(variable(environment, "ALL_PROXY"));
        this.httpsProxy = address(variable(environment, "HTTPS_PROXY")).or(() -> all);
        this.httpProxy = address(variable(environment, "HTTP_PROXY")).or(() -> all);
        this.noProxy = variable(environment, "NO_PROXY")
                .map(list -> Arrays.stream(list.split(","))
                        .map(entry -> entry.strip().toLowerCase(Locale.ROOT))
                        .filter(entry -> !entry.isEmpty())
                        .toList())
                .orElse(List.of());
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        Optional<InetSocketAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        if (proxy.isEmpty() || isLoopback(host) || bypassed(host)) {
            return List.of(Proxy.NO_PROXY);
        }
        return List.of(new Proxy(Proxy.Type.HTTP, proxy.get()));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to learn: the next call tries the same route again.
    }

    private boolean bypassed(String host) {
        for (String entry : noProxy) {
            String domain = entry.startsWith("*.") ? entry.substring(1) : entry;
            if (domain.equals("*") || host.equals(domain.startsWith(".") ? domain.substring(1) : domain)
                    || host.endsWith(domain.startsWith(".") ? domain : "." + domain)) {
                return true;
            }
        }
        return false;
    }

    static boolean isLoopback(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("localhost") || bare.endsWith(".localhost") || bare.startsWith("127.")
                || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
    }

    /** Upper-case name first, then lower-case, as curl and most tools read them. */
    private static Optional<String> variable(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name))
                .or(() -> Optional.ofNullable(environment.get(name.toLowerCase(Locale.ROOT))))
                .map(String::strip)
                .filter(value -> !value.isEmpty());
    }

    /** {@code http://host:port}, {@code host:port} or {@code host} (port 80). Unparseable values are ignored. */
    private static Optional<InetSocketAddress> address(Optional<String> value) {
        return value.flatMap(text -> {
            try {
                URI uri = URI.create(text.contains("://") ? text : "http://" + text);
                if (uri.getHost() == null) {
                    return Optional.empty();
                }
                int port = uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
                return Optional.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
