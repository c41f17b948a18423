package dev.cliproxy.control.domain.error;

import java.util.Optional;

/**
 * Root of every failure the control plane reports to its callers. Each subtype stands for one kind of failure
 * (and so one HTTP status); {@link #error()} is the short stable text of the contract, {@link #detail()} the
 * optional text for a person, {@link #code()} the optional machine-readable code.
 *
 * <p>An abstract class rather than an interface: Helidon looks error handlers up by walking superclasses.
 */
public abstract sealed class ControlException extends RuntimeException
        permits InvalidInputException, NotFoundException, PreconditionFailedException, PayloadTooLargeException,
        ConflictException, RateLimitedException, UpstreamFailureException, UpstreamTimeoutException,
        ServiceUnavailableException, StorageException {

    private final String error;
    private final String detail;
    private final ErrorCode code;

    protected ControlException(String error, String detail, ErrorCode code, Throwable cause) {
        super(detail == null ? error : error + ": " + detail, cause);
        this.error = error;
        this.detail = detail;
        this.code = code;
    }

    /** The short, stable error text (the {@code error} field of an error body). */
    public String error() {
        return error;
    }

    /** Detail for a person (the {@code message} field), never a secret or an unrequested local path. */
    public Optional<String> detail() {
        return Optional.ofNullable(detail);
    }

    /** Machine-readable code (the {@code code} field). */
    public Optional<String> code() {
        return errorCode().map(ErrorCode::id);
    }

    /** The code as one of the contract's set. */
    public Optional<ErrorCode> errorCode() {
        return Optional.ofNullable(code);
    }
}
