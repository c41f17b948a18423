package dev.cliproxy.control;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The remote services the control plane calls, each with a replaceable base URL ({@code --upstream NAME=URL}). */
public enum Upstream {
    AGY, GEMINI, CODEX, KIRO, GHCP, CLAUDE, GITHUB;

    /** The name used on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Upstream> fromId(String id) {
        return Arrays.stream(values()).filter(u -> u.id().equals(id)).findFirst();
    }
}
