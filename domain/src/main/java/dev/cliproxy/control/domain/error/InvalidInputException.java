package dev.cliproxy.control.domain.error;

/** The request's own input is wrong (a bad name, a malformed body, a bad parameter): HTTP 400. */
public final class InvalidInputException extends ControlException {

    public InvalidInputException(String error) {
        this(error, null, null, null);
    }

    public InvalidInputException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public InvalidInputException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public InvalidInputException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public InvalidInputException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
