package dev.cliproxy.control.domain.error;

/** An upstream service answered with an error or could not be reached: HTTP 502. */
public final class UpstreamFailureException extends ControlException {

    public UpstreamFailureException(String error) {
        this(error, null, null, null);
    }

    public UpstreamFailureException(String error, String detail) {
        this(error, detail, null, null);
    }

    public UpstreamFailureException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
