package dev.cliproxy.control.domain.error;

/** Reading or writing local state failed for a reason that is not the request's fault: HTTP 500. */
public final class StorageException extends ControlException {

    public StorageException(String error) {
        this(error, null, null, null);
    }

    public StorageException(String error, String detail) {
        this(error, detail, null, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public StorageException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    /** With {@code code}'s standard {@code error} text. */
    public StorageException(ErrorCode code, String detail, Throwable cause) {
        this(code.error(), detail, code, cause);
    }

    public StorageException(String error, String detail, ErrorCode code, Throwable cause) {
        super(error, detail, code, cause);
    }
}
