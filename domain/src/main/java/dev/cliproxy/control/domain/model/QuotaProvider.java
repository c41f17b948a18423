package dev.cliproxy.control.domain.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The providers whose quota {@code GET /quota/{provider}/{accountId}} reports (contract §4). */
public enum QuotaProvider {
    AGY, GEMINI, CODEX, IFLOW, KIRO, GHCP, CLAUDE;

    /** The name used in the URL. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<QuotaProvider> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }

    /** {@code "agy, gemini, codex, iflow, kiro, ghcp, claude"}: the list an invalid-provider error names. */
    public static String idList() {
        return Arrays.stream(values()).map(QuotaProvider::id).collect(Collectors.joining(", "));
    }
}
