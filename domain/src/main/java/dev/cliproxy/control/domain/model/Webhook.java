package dev.cliproxy.control.domain.model;

import java.net.URI;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where alerts are posted: one entry of {@code alerts.webhooks} in the control settings, by name.
 *
 * @param name   its key in the settings (a secret is kept across writes while the name stays)
 * @param url    an {@code http} or {@code https} URL without user information
 * @param events the alerts it receives
 * @param secret the key of the {@code HMAC-SHA256} signature, when deliveries are signed; write-only
 */
public record Webhook(String name, URI url, Set<AlertKind> events, Optional<String> secret) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public Webhook {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(secret, "secret");
        events = events.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(events));
        if (!NAME.matcher(name).matches()) {
            throw SupervisionSettings.invalid("alerts.webhooks " + SettingsSection.quoted(name)
                    + ": a webhook's name must be a letter then letters, digits, - or _");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw SupervisionSettings.invalid("alerts.webhooks." + name + ".url must be an http or https URL");
        }
        if (url.getRawUserInfo() != null) {
            throw SupervisionSettings.invalid("alerts.webhooks." + name + ".url must hold no user or password: "
                    + "sign deliveries with a secret instead");
        }
        if (events.isEmpty()) {
            throw SupervisionSettings.invalid("alerts.webhooks." + name + ".events must name at least one event");
        }
        if (secret.isPresent() && secret.get().isBlank()) {
            throw SupervisionSettings.invalid("alerts.webhooks." + name + ".secret must not be empty");
        }
    }

    /** Whether alerts of {@code kind} are posted here. */
    public boolean wants(AlertKind kind) {
        return events.contains(kind);
    }

    /** The URL as it may be shown: without its query and fragment, where tokens of some services travel. */
    public String shownUrl() {
        return url.getScheme() + "://" + url.getRawAuthority() + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Never the secret. */
    @Override
    public String toString() {
        return "Webhook[" + name + " " + shownUrl() + " " + events + (secret.isPresent() ? " signed]" : "]");
    }
}
