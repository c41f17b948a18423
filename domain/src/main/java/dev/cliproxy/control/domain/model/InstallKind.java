package dev.cliproxy.control.domain.model;

/**
 * Which operation an {@link InstallOperation} or {@link InstallEvent} belongs to: an install (or upgrade) or a
 * rollback. Its own type, so that the operation and its events do not depend on each other.
 */
public enum InstallKind {
    INSTALL("install"),
    ROLLBACK("rollback");

    private final String id;

    InstallKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
