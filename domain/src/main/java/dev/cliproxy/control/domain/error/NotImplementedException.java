package dev.cliproxy.control.domain.error;

/** An operation of the contract that this build does not serve yet: HTTP 501. */
public final class NotImplementedException extends ControlException {

    public NotImplementedException(String error) {
        this(error, null, null, null);
    }

    public NotImplementedException(String error, String detail) {
        this(error, detail, null, null);
    }

    public NotImplementedException(String error, String detail, String code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
