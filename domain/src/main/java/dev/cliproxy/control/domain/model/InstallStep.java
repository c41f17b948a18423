package dev.cliproxy.control.domain.model;

/** A step of an install or a rollback, as {@code GET /events} names it. */
public enum InstallStep {
    /** Bytes of the archive arrived. */
    DOWNLOAD("download"),
    /** The archive's SHA-256 matched the published one. */
    VERIFIED("verified"),
    /** The binary is unpacked under {@code versions/<version>/} and answered on a spare port. */
    STAGED("staged"),
    /** The binary is the backend's binary now and {@code .version} says so. */
    PROMOTED("promoted"),
    /** The version before was put back. */
    ROLLED_BACK("rolled-back"),
    /** The operation ended without promoting anything new. */
    FAILED("failed");

    private final String id;

    InstallStep(String id) {
        this.id = id;
    }

    /** The name on the wire. */
    public String id() {
        return id;
    }
}
