package dev.cliproxy.control.domain.error;

/** A service this operation needs is not available (the proxy is down, a feed is unreachable): HTTP 503. */
public final class ServiceUnavailableException extends ControlException {

    public ServiceUnavailableException(String error) {
        this(error, null, null, null);
    }

    public ServiceUnavailableException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public ServiceUnavailableException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public ServiceUnavailableException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public ServiceUnavailableException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
