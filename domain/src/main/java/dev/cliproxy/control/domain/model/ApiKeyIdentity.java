package dev.cliproxy.control.domain.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Which client API key a request used, without the key: a short hash (the first {@link #HASH_LENGTH} hex digits of
 * its SHA-256, enough to tell keys apart, too short to be of use to anyone holding a list of guesses for a random
 * key) and a label saying where the key is configured.
 */
public record ApiKeyIdentity(String hash, String label) {

    public static final int HASH_LENGTH = 12;
    /** The label of the key the {@code ccs} tools' clients send ({@code cliproxy.auth.api_key}). */
    public static final String CCS_LABEL = "ccs";
    /** The label of a key the proxy config does not list (it changed since), or of a request without a key. */
    public static final String UNKNOWN_LABEL = "unknown";
    public static final ApiKeyIdentity NONE = new ApiKeyIdentity("", "none");

    public ApiKeyIdentity {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(label, "label");
    }

    /**
     * The identity of {@code key} among the keys known now: {@link #CCS_LABEL} for the {@code ccs} clients' key,
     * {@code api-keys[i]} for the i-th key of the proxy config, else {@link #UNKNOWN_LABEL}; a blank key is
     * {@link #NONE}.
     */
    public static ApiKeyIdentity of(String key, List<String> configKeys, String ccsKey) {
        if (key == null || key.isBlank()) {
            return NONE;
        }
        String label = key.equals(ccsKey) ? CCS_LABEL
                : configKeys.contains(key) ? "api-keys[" + configKeys.indexOf(key) + "]" : UNKNOWN_LABEL;
        return new ApiKeyIdentity(hash(key), label);
    }

    /** The short hash of a key. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** How groups by key name it: {@code ccs/3fa2b1c9d0e4}. */
    public String display() {
        return hash.isEmpty() ? label : label + "/" + hash;
    }
}
