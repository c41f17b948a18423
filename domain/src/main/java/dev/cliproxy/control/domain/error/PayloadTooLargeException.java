package dev.cliproxy.control.domain.error;

/** A request body over its limit: HTTP 413. */
public final class PayloadTooLargeException extends ControlException {

    public PayloadTooLargeException(String error) {
        this(error, null, null, null);
    }

    public PayloadTooLargeException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public PayloadTooLargeException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public PayloadTooLargeException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public PayloadTooLargeException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
