package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.InvalidInputException;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Where a proxy on another host is: base URLs as people write them, the ccs remote mode's rules, keys never shown. */
class RemoteProxyProperties {

    @Example
    void aBaseUrlGetsItsSchemesDefaultPortAndLosesItsTrailingSlash() {
        assertEquals(URI.create("https://proxy.example.com:443"), RemoteProxy.parseBaseUrl("https://proxy.example.com"));
        assertEquals(URI.create("http://10.0.0.5:8317"), RemoteProxy.parseBaseUrl("http://10.0.0.5/"));
        assertEquals(URI.create("https://proxy.example.com:8443"),
                RemoteProxy.parseBaseUrl(" HTTPS://Proxy.Example.COM:8443 "));
        assertEquals(URI.create("http://[::1]:9000"), RemoteProxy.parseBaseUrl("http://[::1]:9000"));
    }

    @Example
    void anythingButTheProxysRootIsRefusedSayingWhy() {
        assertRefused("ftp://proxy.example.com", "http:// or https://");
        assertRefused("proxy.example.com:8317", "http:// or https://");
        assertRefused("https://admin:secret@proxy.example.com", "user name or password");
        assertRefused("https://proxy.example.com/v0/management", "no path");
        assertRefused("https://proxy.example.com/?a=1", "no path, query or fragment");
        assertRefused("https://proxy.example.com/#top", "no path, query or fragment");
        assertRefused("https://:8317", "must name a host");
        assertRefused("https://bad_host.example", "must name a host");
        assertRefused("https://proxy.example.com:0", "from 1 to 65535");
        assertRefused("http://exa mple.com", "not a URL");
        assertRefused("https://" + "a".repeat(300) + ".example", "longer than");
        // Spaces around a URL are dropped, but count against the limit (a host is at most 254 characters).
        String longest = "https://h" + " ".repeat(300 - "https://h".length());
        assertEquals(300, longest.length());
        assertEquals(443, RemoteProxy.parseBaseUrl(longest).getPort(), "300 characters are allowed");
        assertRefused(longest + "1", "longer than 300");
    }

    @Property
    void aParsedBaseUrlIsItsOwnNormalFormAndNamesItsPort(@ForAll("hosts") String host,
                                                         @ForAll @IntRange(min = 1, max = 65535) int port,
                                                         @ForAll boolean secure) {
        URI parsed = RemoteProxy.parseBaseUrl((secure ? "https" : "http") + "://" + host + ":" + port);
        assertEquals(parsed, RemoteProxy.parseBaseUrl(parsed.toString()));
        RemoteProxy proxy = new RemoteProxy(parsed, Optional.empty(), Optional.empty());
        assertEquals(port, proxy.port());
        assertEquals(secure, proxy.secure());
        assertEquals(host.toLowerCase(Locale.ROOT), parsed.getHost());
    }

    @Example
    void aProxyIsBuiltOnlyFromANormalBaseUrl() {
        assertThrows(IllegalArgumentException.class, () -> new RemoteProxy(URI.create("https://proxy.example.com"),
                Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new RemoteProxy(URI.create("https://proxy.example.com:443/x"),
                Optional.empty(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new RemoteProxy(URI.create("ftp://proxy.example.com:21"),
                Optional.empty(), Optional.empty()));
        RemoteProxy blank = new RemoteProxy(URI.create("http://h:1"), Optional.of(" "), Optional.of(""));
        assertEquals(Optional.empty(), blank.clientKey());
        assertEquals(Optional.empty(), blank.managementKey());
    }

    @Example
    void theCcsRemoteModeTakesHttpsInAnyCaseElseHttpWithTheirDefaultPorts() {
        assertEquals(URI.create("https://proxy.lan:443"), ccs("proxy.lan", "HTTPS", null).baseUri());
        assertEquals(URI.create("http://proxy.lan:8317"), ccs("proxy.lan", "http", null).baseUri());
        assertEquals(URI.create("http://proxy.lan:8317"), ccs("proxy.lan", "gopher", null).baseUri());
        assertEquals(URI.create("http://proxy.lan:8317"), ccs("proxy.lan", null, null).baseUri());
        assertEquals(URI.create("https://proxy.lan:9443"), ccs("Proxy.LAN", "https", 9443).baseUri());
        assertEquals(URI.create("https://proxy.lan:443"), ccs("proxy.lan", "https", 0).baseUri());
        assertEquals(URI.create("http://proxy.lan:8317"), ccs("proxy.lan", "http", 70000).baseUri());
        assertEquals(URI.create("http://10.1.2.3:1"), ccs("10.1.2.3", "http", 1).baseUri());
        assertEquals(URI.create("http://h:65535"), ccs(" h ", "http", 65535).baseUri());
    }

    @Example
    void aCcsHostThatCouldCarryAPathOrCredentialsIsNoTarget() {
        for (String host : new String[] {"proxy.lan/x", "user@proxy.lan", "proxy lan", "", "-proxy", "::1"}) {
            assertEquals(Optional.empty(), RemoteProxy.ofCcsSettings(host, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()), host);
        }
    }

    @Example
    void theManagementKeyFallsBackOnTheAuthTokenAsTheCcsToolsSendIt() {
        RemoteProxy both = RemoteProxy.ofCcsSettings("h", Optional.empty(), Optional.empty(), Optional.of("client"),
                Optional.of("management")).orElseThrow();
        assertEquals(Optional.of("client"), both.clientKey());
        assertEquals(Optional.of("management"), both.managementKey());
        RemoteProxy tokenOnly = RemoteProxy.ofCcsSettings("h", Optional.empty(), Optional.empty(),
                Optional.of("client"), Optional.of(" ")).orElseThrow();
        assertEquals(Optional.of("client"), tokenOnly.managementKey());
        RemoteProxy none = RemoteProxy.ofCcsSettings("h", Optional.empty(), Optional.empty(), Optional.of(" "),
                Optional.empty()).orElseThrow();
        assertEquals(Optional.empty(), none.clientKey());
        assertEquals(Optional.empty(), none.managementKey());
    }

    @Property
    void itsTextNeverShowsAKey(@ForAll @AlphaChars @StringLength(min = 6, max = 30) String clientKey,
                               @ForAll @AlphaChars @StringLength(min = 6, max = 30) String managementKey) {
        String text = new RemoteProxy(URI.create("https://h:443"), Optional.of(clientKey), Optional.of(managementKey))
                .toString();
        assertFalse(text.contains(clientKey));
        assertFalse(text.contains(managementKey));
        assertTrue(text.contains("https://h:443"));
        assertTrue(text.contains("clientKey=***") && text.contains("managementKey=***"), text);
        assertTrue(new RemoteProxy(URI.create("https://h:443"), Optional.empty(), Optional.empty()).toString()
                .contains("clientKey=none, managementKey=none"));
    }

    @Provide
    Arbitrary<String> hosts() {
        // Java's URI takes a host name only when each label starts with a letter or digit and the last with a letter.
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .ofLength(1).flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                        .ofMaxLength(11).map(rest -> first + rest));
        Arbitrary<String> ipv4 = Arbitraries.integers().between(0, 255).list().ofSize(4)
                .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList()));
        return Arbitraries.oneOf(label.list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels)), ipv4);
    }

    private static RemoteProxy ccs(String host, String protocol, Integer port) {
        return RemoteProxy.ofCcsSettings(host, Optional.ofNullable(protocol), Optional.ofNullable(port),
                Optional.empty(), Optional.empty()).orElseThrow();
    }

    private static void assertRefused(String url, String why) {
        InvalidInputException refused = assertThrows(InvalidInputException.class, () -> RemoteProxy.parseBaseUrl(url),
                url);
        assertEquals(Optional.of(ErrorCode.INVALID_FLEET_INSTANCE), refused.errorCode());
        assertTrue(refused.detail().orElseThrow().contains(why), url + ": " + refused.detail());
    }
}
