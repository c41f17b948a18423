package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The {@code Host} check, stated once as regular expressions: a header (stripped, in lower case, not empty) is a host
 * in brackets (up to the first {@code ]}) or a host without a colon that does not begin with {@code [}, then perhaps
 * a colon and one to five ASCII digits up to 65535; a loopback IPv4 name is four dot-separated parts of one to three
 * ASCII digits up to 255, the first 127. The check itself reads characters (a matcher per part was a third of what a
 * request allocated); for any text it answers as the expressions do.
 */
class LoopbackNamesProperties {

    private static final Pattern HOST_HEADER = Pattern.compile("(?=.)(\\[[^\\]]*\\]|(?!\\[)[^:]*)(?::([0-9]{1,5}))?",
            Pattern.DOTALL);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

    @Property(tries = 3000)
    void aHostHeaderParsesAsTheExpressionsSay(@ForAll("hostHeaders") String header) {
        assertEquals(expectedParse(header), LoopbackNames.parseHostHeader(header), header);
    }

    @Property(tries = 3000)
    void aNameIsLoopbackAsTheExpressionsSay(@ForAll("hostNames") String name) {
        assertEquals(expectedLoopback(name), LoopbackNames.isLoopbackName(name), name);
    }

    @Provide
    Arbitrary<String> hostHeaders() {
        // Pieces too: brackets and colons in every order, where a host's end is easy to get wrong.
        Arbitrary<String> pieces = Arbitraries.of("[", "]", ":", "::1", "127.0.0.1", "localhost", "80", "65536", "a")
                .list().ofMaxSize(6).map(list -> String.join("", list));
        return Arbitraries.oneOf(hostNames(), Arbitraries.strings().withChars("0123456789:[]1.١٢a")
                .ofMaxLength(12), hostNames().flatMap(name -> ports().map(port -> name + port)), pieces);
    }

    @Provide
    Arbitrary<String> hostNames() {
        Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789").ofMinLength(0)
                .ofMaxLength(4), Arbitraries.of("127", "0", "255", "256", "1٢7", "x", "00127"));
        return Arbitraries.oneOf(part.list().ofMinSize(1).ofMaxSize(5).map(parts -> String.join(".", parts)),
                Arbitraries.of("localhost", "LOCALHOST", "app.localhost", "localhost.", "[::1]", "evil.example"));
    }

    private static Arbitrary<String> ports() {
        return Arbitraries.oneOf(Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(7)
                .map(digits -> ":" + digits), Arbitraries.of(":", ":٣", ":80a", "::80", ":65535", ":65536"));
    }

    private static Optional<LoopbackNames.HostAndPort> expectedParse(String value) {
        Matcher header = HOST_HEADER.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (!header.matches()) {
            return Optional.empty();
        }
        OptionalInt port = header.group(2) == null ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(header.group(2)));
        if (port.orElse(0) > 65535) {
            return Optional.empty();
        }
        return Optional.of(new LoopbackNames.HostAndPort(header.group(1), port));
    }

    private static boolean expectedLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (name.equals("localhost") || name.endsWith(".localhost") || name.equals("[::1]")
                || name.equals("[0:0:0:0:0:0:0:1]")) {
            return true;
        }
        var ipv4 = IPV4.matcher(name);
        if (!ipv4.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(ipv4.group(i)) > 255) {
                return false;
            }
        }
        return ipv4.group(1).equals("127");
    }
}
