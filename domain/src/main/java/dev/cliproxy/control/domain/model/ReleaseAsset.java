package dev.cliproxy.control.domain.model;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One file attached to a release: its name, its size in bytes as published, where to download it, and the SHA-256
 * the feed publishes for it (GitHub's {@code digest} {@code sha256:<hex>}) when it does.
 */
public record ReleaseAsset(String name, long size, String downloadUrl, Optional<String> sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ReleaseAsset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(downloadUrl, "downloadUrl");
        Objects.requireNonNull(sha256, "sha256");
        sha256 = sha256.map(hex -> hex.toLowerCase(Locale.ROOT));
        if (sha256.filter(hex -> !SHA256.matcher(hex).matches()).isPresent()) {
            throw new IllegalArgumentException("not a SHA-256 in hex: " + sha256.get());
        }
    }

    /** The hex of a {@code sha256:<hex>} digest; empty for another algorithm or anything malformed. */
    public static Optional<String> sha256OfDigest(String digest) {
        if (digest == null || !digest.regionMatches(true, 0, "sha256:", 0, 7)) {
            return Optional.empty();
        }
        String hex = digest.substring(7).strip().toLowerCase(Locale.ROOT);
        return SHA256.matcher(hex).matches() ? Optional.of(hex) : Optional.empty();
    }

    /** {@code bytes} in lower-case hex, as checksums are compared. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
