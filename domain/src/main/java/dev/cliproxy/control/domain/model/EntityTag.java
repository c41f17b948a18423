package dev.cliproxy.control.domain.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

/** A strong HTTP entity tag: a SHA-256 of the content, so equal content always has the same tag. */
public record EntityTag(String value) {

    public EntityTag {
        Objects.requireNonNull(value, "value");
    }

    public static EntityTag of(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return new EntityTag(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The quoted form of the {@code ETag} header. */
    public String headerValue() {
        return '"' + value + '"';
    }
}
