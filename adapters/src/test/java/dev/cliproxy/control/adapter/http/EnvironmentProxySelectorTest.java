package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentProxySelectorTest {

    @Test
    void httpsUsesHttpsProxyAndHttpUsesHttpProxy() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of(
                "HTTPS_PROXY", "http://secure.proxy:3128", "HTTP_PROXY", "plain.proxy:8080"));

        assertEquals(proxy("secure.proxy", 3128), selector.select(URI.create("https://api.github.com/repos")));
        assertEquals(proxy("plain.proxy", 8080), selector.select(URI.create("http://example.com/")));
    }

    @Test
    void lowerCaseWinsAllProxyIsTheFallbackAndAMissingPortIsCurlsDefault() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of(
                "https_proxy", "http://lower:1", "HTTPS_PROXY", "http://upper:2", "ALL_PROXY", "http://all"));

        assertEquals(proxy("lower", 1), selector.select(URI.create("https://api.github.com")));
        assertEquals(proxy("all", 1080), selector.select(URI.create("http://example.com")));
    }

    @Test
    void noProxyAndLoopbackGoDirect() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of(
                "HTTPS_PROXY", "http://p:3128", "NO_PROXY", "internal.example, .corp.example,github.com:8443"));

        assertEquals(direct(), selector.select(URI.create("https://internal.example/x")));
        assertEquals(direct(), selector.select(URI.create("https://api.internal.example/x")));
        assertEquals(direct(), selector.select(URI.create("https://corp.example/x")));
        assertEquals(direct(), selector.select(URI.create("https://github.com:8443/x")));
        assertEquals(proxy("p", 3128), selector.select(URI.create("https://github.com/x")));
        assertEquals(proxy("p", 3128), selector.select(URI.create("https://notinternal.example/x")));
        assertEquals(direct(), selector.select(URI.create("https://127.0.0.1:9/x")));
        assertEquals(direct(), selector.select(URI.create("https://localhost/x")));
        assertEquals(direct(), EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "*"))
                .select(URI.create("https://api.github.com")));
    }

    @Test
    void noVariablesMeansDirect() {
        assertEquals(direct(), EnvironmentProxySelector.from(Map.of()).select(URI.create("https://api.github.com")));
    }

    private static List<Proxy> proxy(String host, int port) {
        return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port)));
    }

    private static List<Proxy> direct() {
        return List.of(Proxy.NO_PROXY);
    }

    private static Proxy via(String host, int port) {
        return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(host, port));
    }

    @Test
    void httpsGoesThroughHttpsProxyExceptNoProxyHostsAndLoopback() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of(
                "HTTPS_PROXY", "http://corp-proxy:3128", "no_proxy", "internal.example, *.corp.test"));
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
        EnvironmentProxySelector all = EnvironmentProxySelector.from(Map.of("ALL_PROXY", "proxy.local:8080"));
        assertEquals(List.of(via("proxy.local", 8080)), all.select(URI.create("http://example.org/")));
        EnvironmentProxySelector none = EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "proxy.local:8080",
                "NO_PROXY", "*"));
        assertEquals(List.of(Proxy.NO_PROXY), none.select(URI.create("https://example.org/")));
        assertEquals(List.of(Proxy.NO_PROXY), EnvironmentProxySelector.from(Map.of())
                .select(URI.create("https://example.org/")));
    }

    @Test
    void httpsFallsBackToAllProxyToo() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of("ALL_PROXY", "http://all:3128"));
        assertEquals(proxy("all", 3128), selector.select(URI.create("https://api.github.com/repos")));
    }

    @Test
    void aNoProxyPortIsComparedWithTheSchemesDefaultPortWhenTheUrlHasNone() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "http://p:3128",
                "HTTP_PROXY", "http://p:3128", "NO_PROXY", "secure.example:443,plain.example:80"));
        assertEquals(direct(), selector.select(URI.create("https://secure.example/x")));
        assertEquals(proxy("p", 3128), selector.select(URI.create("http://secure.example/x")));
        assertEquals(direct(), selector.select(URI.create("http://plain.example/x")));
        assertEquals(proxy("p", 3128), selector.select(URI.create("https://plain.example/x")));
    }

    @Test
    void theIpv6LoopbackInBracketsGoesDirect() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "http://p:3128"));
        assertEquals(direct(), selector.select(URI.create("https://[::1]:9/x")));
        assertEquals(direct(), selector.select(URI.create("https://[0:0:0:0:0:0:0:1]:9/x")));
        assertEquals(proxy("p", 3128), selector.select(URI.create("https://[2001:db8::1]:9/x")));
    }

    @Test
    void anEmptyNoProxyEntryExcludesNothing() {
        EnvironmentProxySelector selector = EnvironmentProxySelector.from(Map.of("HTTPS_PROXY", "http://p:3128",
                "NO_PROXY", "a.example,,  ,."));
        assertEquals(proxy("p", 3128), selector.select(URI.create("https://example.org./x")));
        assertEquals(direct(), selector.select(URI.create("https://a.example/x")));
    }
}
