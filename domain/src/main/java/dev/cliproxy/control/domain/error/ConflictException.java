package dev.cliproxy.control.domain.error;

/** The request cannot be served in the current state, for example an account that must sign in again: HTTP 409. */
public final class ConflictException extends ControlException {

    public ConflictException(String error) {
        this(error, null, null, null);
    }

    public ConflictException(String error, String detail) {
        this(error, detail, null, null);
    }

    public ConflictException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
