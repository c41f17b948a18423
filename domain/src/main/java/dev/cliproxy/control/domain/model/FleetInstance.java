package dev.cliproxy.control.domain.model;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One proxy of the fleet: a local one, on a port of the CCS directory, or one on another host reached through its
 * management API. Every instance has a stable id, usable in a URL path as it is.
 */
public sealed interface FleetInstance {

    /** The id of the {@code ccs} settings' remote target ({@code cliproxy_server.remote}), when remote mode is on. */
    String CCS_REMOTE_ID = "ccs-remote";
    /** The longest id: ids are path segments and settings keys. */
    int MAX_ID_LENGTH = 40;

    /** Lower-case letters and digits in runs joined by single dashes. */
    Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    /** The ids of local instances, which only the CCS directory decides. */
    Pattern LOCAL_ID = Pattern.compile("local-([1-9]\\d{0,4})");

    String id();

    /** What a person calls it. */
    String name();

    /** The proxy of port {@code port} of the CCS directory: id {@code local-<port>}. */
    record Local(int port) implements FleetInstance {
        public Local {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("a port is from 1 to 65535, was " + port);
            }
        }

        @Override
        public String id() {
            return "local-" + port;
        }

        @Override
        public String name() {
            return "Local :" + port;
        }
    }

    /** A proxy on another host. */
    record Remote(String id, String name, RemoteProxy target) implements FleetInstance {
        public Remote {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
            if (!isRegistrableId(id) && !id.equals(CCS_REMOTE_ID)) {
                throw new IllegalArgumentException("not a remote instance's id: " + id);
            }
        }
    }

    /**
     * Whether {@code id} may name a registered remote instance: the id form, at most {@value #MAX_ID_LENGTH}
     * characters, and none of the ids the CCS directory and the {@code ccs} settings decide.
     */
    static boolean isRegistrableId(String id) {
        return id != null && id.length() <= MAX_ID_LENGTH && ID.matcher(id).matches()
                && !id.startsWith("local-") && !id.equals(CCS_REMOTE_ID);
    }

    /**
     * The id a registered instance called {@code name} gets: its letters and digits in lower case (accents
     * dropped), every other run of characters a dash, cut to {@value #MAX_ID_LENGTH}; empty when nothing usable
     * is left or the result is reserved.
     */
    static Optional<String> idFor(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (plain.length() > MAX_ID_LENGTH) {
            plain = plain.substring(0, MAX_ID_LENGTH).replaceAll("-+$", "");
        }
        return isRegistrableId(plain) ? Optional.of(plain) : Optional.empty();
    }

    /** The port a local instance's id names, when {@code id} is one. */
    static Optional<Integer> localPort(String id) {
        var m = LOCAL_ID.matcher(id);
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(1));
        return port >= 1 && port <= 65535 ? Optional.of(port) : Optional.empty();
    }
}
