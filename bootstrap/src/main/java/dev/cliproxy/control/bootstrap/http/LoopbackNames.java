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
        if (rest.charAt(0) != ':' || !digits(rest.substring(1), 5)) {
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

    /** Four dot-separated parts, each {@link #octet}, the first 127: read in place, as every request's is. */
    private static boolean isLoopbackIpv4(String name) {
        if (!name.startsWith("127.")) {
            return false;
        }
        int parts = 0;
        for (int start = 0; start <= name.length(); parts++) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (parts == 4 || !octet(name, start, end)) {
                return false;
            }
            start = end + 1;
        }
        return parts == 4;
    }

    /** One to three ASCII digits from {@code from} to {@code to}, up to 255. */
    private static boolean octet(String text, int from, int to) {
        if (to - from < 1 || to - from > 3) {
            return false;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            value = value * 10 + c - '0';
        }
        return value <= 255;
    }

    /**
     * One to {@code most} ASCII digits. Not a regular expression: every request's {@code Host} is checked, and a
     * matcher per part was a third of what a status request allocated.
     */
    private static boolean digits(String text, int most) {
        if (text.isEmpty() || text.length() > most) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
