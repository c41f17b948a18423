package dev.cliproxy.control.domain.error;

/** An upstream service did not answer in time: HTTP 504. */
public final class UpstreamTimeoutException extends ControlException {

    public UpstreamTimeoutException(String error) {
        this(error, null, null, null);
    }

    public UpstreamTimeoutException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public UpstreamTimeoutException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public UpstreamTimeoutException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public UpstreamTimeoutException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
