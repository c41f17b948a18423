package dev.cliproxy.control.domain.error;

/** The request cannot be served in the current state, for example an account that must sign in again: HTTP 409. */
public final class ConflictException extends ControlException {

    public ConflictException(String error) {
        this(error, null, null, null);
    }

    public ConflictException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public ConflictException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public ConflictException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public ConflictException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
