package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentProxySelectorTest {

    private static Proxy via(String host, int port) {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    }

    @Test
    void httpsGoesThroughHttpsProxyExceptNoProxyHostsAndLoopback() {
        EnvironmentProxySelector selector = new EnvironmentProxySelector(Map.of(
                "HTTPS_PROXY", "http://corp-proxy:3128", "no_proxy", "internal.example, .corp.test"));
        assertEquals(List.of(via("corp-proxy", 3128)), selector.select(URI.create("https://chatgpt.com/x")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://internal.example/x")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://a.internal.example/x")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://b.corp.test/x")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("https://127.0.0.1:9/x")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("http://localhost:9/x")));
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("http://[::1]:9/x")));
        // No HTTP_PROXY: plain http goes direct.
        assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create("http://example.org/x")));
    }

    @Test
    void allProxyIsTheFallbackAndStarBypassesEverything() {
        EnvironmentProxySelector all = new EnvironmentProxySelector(Map.of("ALL_PROXY", "proxy.local:8080"));
        assertEquals(List.of(via("proxy.local", 8080)), all.select(URI.create("http://example.org/")));
        EnvironmentProxySelector none = new EnvironmentProxySelector(Map.of("HTTPS_PROXY", "proxy.local:8080",
                "NO_PROXY", "*"));
        assertEquals(List.of(Proxy.NO_PROXY), none.select(URI.create("https://example.org/")));
        assertEquals(List.of(Proxy.NO_PROXY), new EnvironmentProxySelector(Map.of())
                .select(URI.create("https://example.org/")));
    }
}
