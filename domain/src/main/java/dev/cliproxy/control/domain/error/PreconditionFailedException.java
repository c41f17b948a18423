package dev.cliproxy.control.domain.error;

/** A conditional write whose precondition (the expected version) no longer holds: HTTP 412. */
public final class PreconditionFailedException extends ControlException {

    public PreconditionFailedException(String error) {
        this(error, null, null, null);
    }

    public PreconditionFailedException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public PreconditionFailedException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public PreconditionFailedException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public PreconditionFailedException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
