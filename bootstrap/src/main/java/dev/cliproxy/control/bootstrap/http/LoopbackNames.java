package dev.cliproxy.control.bootstrap.http;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Recognises loopback host names without any DNS look-up ({@code localhost}, {@code *.localhost},
 * {@code 127.0.0.0/8}, {@code [::1]}): a name that needs resolving is exactly what DNS rebinding abuses.
 */
final class LoopbackNames {

    private LoopbackNames() {
    }

    /** A {@code Host} header value split into host and optional port. */
    record HostAndPort(String host, OptionalInt port) {
    }

    static Optional<HostAndPort> parseHostHeader(String value) {
        String text = value.strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String host;
        String rest;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = text.substring(0, close + 1);
            rest = text.substring(close + 1);
        } else {
            int colon = text.indexOf(':');
            host = colon < 0 ? text : text.substring(0, colon);
            rest = colon < 0 ? "" : text.substring(colon);
        }
        if (rest.isEmpty()) {
            return Optional.of(new HostAndPort(host, OptionalInt.empty()));
        }
        if (!rest.matches(":\\d{1,5}")) {
            return Optional.empty();
        }
        int port = Integer.parseInt(rest.substring(1));
        return port > 65535 ? Optional.empty() : Optional.of(new HostAndPort(host, OptionalInt.of(port)));
    }

    static boolean isLoopbackName(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals("localhost") || name.endsWith(".localhost") || name.equals("[::1]")
                || name.equals("[0:0:0:0:0:0:0:1]") || isLoopbackIpv4(name);
    }

    private static boolean isLoopbackIpv4(String name) {
        String[] octets = name.split("\\.", -1);
        if (octets.length != 4) {
            return false;
        }
        for (String octet : octets) {
            if (!octet.matches("\\d{1,3}") || Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return octets[0].equals("127");
    }
}
