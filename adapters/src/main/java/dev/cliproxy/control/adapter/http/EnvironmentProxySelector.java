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
import java.util.stream.Stream;

/**
 * The outbound HTTP proxy the environment names, as curl reads it (the JDK ignores these variables):
 * {@code https_proxy}/{@code HTTPS_PROXY} for https, {@code http_proxy}/{@code HTTP_PROXY} for http,
 * {@code all_proxy}/{@code ALL_PROXY} for either, and {@code no_proxy}/{@code NO_PROXY} for hosts to reach directly
 * ({@code *}, a host, a domain with or without a leading dot or {@code *.}, optionally {@code :port}). Loopback is
 * always direct. Users behind corporate proxies need this (ccs#714).
 */
public final class EnvironmentProxySelector extends ProxySelector {

    /** curl's default when the proxy URL names no port. */
    private static final int DEFAULT_PROXY_PORT = 1080;

    private final Optional<InetSocketAddress> httpsProxy;
    private final Optional<InetSocketAddress> httpProxy;
    private final List<String> noProxy;

    private EnvironmentProxySelector(Optional<InetSocketAddress> httpsProxy, Optional<InetSocketAddress> httpProxy,
                                     List<String> noProxy) {
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
    }

    public static EnvironmentProxySelector from(Map<String, String> environment) {
        Optional<InetSocketAddress> all = address(variable(environment, "all_proxy"));
        return new EnvironmentProxySelector(
                address(variable(environment, "https_proxy")).or(() -> all),
                address(variable(environment, "http_proxy")).or(() -> all),
                variable(environment, "no_proxy").stream()
                        .flatMap(list -> Arrays.stream(list.split("[,\\s]+")))
                        .map(entry -> entry.strip().toLowerCase(Locale.ROOT))
                        .map(entry -> entry.startsWith("*.") ? entry.substring(2) : entry)
                        .map(entry -> entry.startsWith(".") ? entry.substring(1) : entry)
                        .filter(entry -> !entry.isEmpty())
                        .toList());
    }

    @Override
    public List<Proxy> select(URI uri) {
        String host = uri.getHost();
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        if (host == null || isLoopback(host) || excluded(host.toLowerCase(Locale.ROOT), port)) {
            return List.of(Proxy.NO_PROXY);
        }
        Optional<InetSocketAddress> proxy = "https".equalsIgnoreCase(uri.getScheme()) ? httpsProxy : httpProxy;
        return List.of(proxy.<Proxy>map(address -> new Proxy(Proxy.Type.HTTP, address)).orElse(Proxy.NO_PROXY));
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to learn: there is one proxy or none, and the caller reports the failure.
    }

    private boolean excluded(String host, int port) {
        for (String entry : noProxy) {
            if (entry.equals("*")) {
                return true;
            }
            String entryHost = entry;
            int colon = entry.lastIndexOf(':');
            if (colon > 0 && entry.indexOf(':') == colon && entry.substring(colon + 1).matches("\\d+")) {
                entryHost = entry.substring(0, colon);
                if (port != Integer.parseInt(entry.substring(colon + 1))) {
                    continue;
                }
            }
            if (host.equals(entryHost) || host.endsWith("." + entryHost)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        String bare = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        return bare.equals("localhost") || bare.endsWith(".localhost") || bare.startsWith("127.")
                || bare.equals("::1") || bare.equals("0:0:0:0:0:0:0:1");
    }

    /** The lower-case name wins over the upper-case one, as with curl. */
    private static Optional<String> variable(Map<String, String> environment, String lowerCaseName) {
        return Stream.of(lowerCaseName, lowerCaseName.toUpperCase(Locale.ROOT))
                .map(environment::get)
                .filter(value -> value != null && !value.isBlank())
                .map(String::strip)
                .findFirst();
    }

    private static Optional<InetSocketAddress> address(Optional<String> value) {
        return value.flatMap(text -> {
            try {
                URI uri = URI.create(text.contains("://") ? text : "http://" + text);
                if (uri.getHost() == null) {
                    return Optional.empty();
                }
                int port = uri.getPort() == -1 ? DEFAULT_PROXY_PORT : uri.getPort();
                return Optional.of(InetSocketAddress.createUnresolved(uri.getHost(), port));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }
}
