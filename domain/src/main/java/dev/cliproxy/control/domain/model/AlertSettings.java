package dev.cliproxy.control.domain.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code alerts} section of the control settings: the webhooks alerts are posted to, by name.
 *
 * <pre>{@code
 * alerts:
 *   webhooks:
 *     ops:
 *       url: https://hooks.example.com/cliproxy
 *       events: [account-paused, token-expired]   # default: every event
 *       secret: change-me                          # optional: sign deliveries (write-only)
 * }</pre>
 */
public record AlertSettings(List<Webhook> webhooks) {

    public static final AlertSettings DEFAULTS = new AlertSettings(List.of());
    public static final int MAX_WEBHOOKS = 20;

    private static final List<String> KEYS = List.of("webhooks");
    private static final List<String> WEBHOOK_KEYS = List.of("url", "events", "secret");

    public AlertSettings {
        webhooks = List.copyOf(webhooks);
        if (webhooks.size() > MAX_WEBHOOKS) {
            throw SupervisionSettings.invalid("alerts.webhooks may name at most " + MAX_WEBHOOKS + " webhooks");
        }
    }

    /** The section as written; no webhook when there is no section. */
    static AlertSettings of(Optional<SettingsSection> written) {
        if (written.isEmpty()) {
            return DEFAULTS;
        }
        SettingsSection section = written.get().onlyKeys(KEYS);
        List<Webhook> webhooks = new ArrayList<>();
        for (Map.Entry<?, ?> entry : section.mapping("webhooks").entrySet()) {
            String name = String.valueOf(entry.getKey());
            if (!(entry.getValue() instanceof Map<?, ?> values)) {
                throw SupervisionSettings.invalid("alerts.webhooks." + SettingsSection.quoted(name)
                        + " must be a mapping of url, events and secret");
            }
            webhooks.add(webhook(name, new SettingsSection("alerts.webhooks." + name, values).onlyKeys(WEBHOOK_KEYS)));
        }
        return new AlertSettings(webhooks);
    }

    private static Webhook webhook(String name, SettingsSection section) {
        String url = section.text("url").orElseThrow(() -> SupervisionSettings.invalid(section.path("url")
                + " is required"));
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw SupervisionSettings.invalid(section.path("url") + " must be an http or https URL");
        }
        Set<AlertKind> events = EnumSet.noneOf(AlertKind.class);
        if (section.get("events") == null) {
            events = EnumSet.allOf(AlertKind.class);
        }
        for (String id : section.texts("events")) {
            events.add(AlertKind.fromId(id).orElseThrow(() -> SupervisionSettings.invalid(section.path("events")
                    + " has no event " + SettingsSection.quoted(id) + " (known: " + String.join(", ",
                    EnumSet.allOf(AlertKind.class).stream().map(AlertKind::id).toList()) + ")")));
        }
        return new Webhook(name, uri, events, section.text("secret"));
    }
}
