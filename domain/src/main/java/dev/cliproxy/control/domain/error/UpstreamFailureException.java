package dev.cliproxy.control.domain.error;

/** An upstream service answered with an error or could not be reached: HTTP 502. */
public final class UpstreamFailureException extends ControlException {

    public UpstreamFailureException(String error) {
        this(error, null, null, null);
    }

    public UpstreamFailureException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public UpstreamFailureException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public UpstreamFailureException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public UpstreamFailureException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
