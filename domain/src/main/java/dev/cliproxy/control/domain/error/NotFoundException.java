package dev.cliproxy.control.domain.error;

/** The thing a request names does not exist: HTTP 404. */
public final class NotFoundException extends ControlException {

    public NotFoundException(String error) {
        this(error, null, null, null);
    }

    public NotFoundException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public NotFoundException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public NotFoundException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public NotFoundException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
