package dev.cliproxy.control.testkit.arbitrary;

import java.util.Objects;

/** A config document to upload, and whether the contract accepts it (a YAML mapping) or refuses it (400). */
public record ConfigYaml(String content, boolean valid) {

    public ConfigYaml {
        Objects.requireNonNull(content, "content");
    }

    @Override
    public String toString() {
        String shown = content.length() > 40 ? content.substring(0, 40) + "…" : content;
        return (valid ? "valid " : "invalid ") + '"' + shown.replace("\n", "\\n") + '"';
    }
}
