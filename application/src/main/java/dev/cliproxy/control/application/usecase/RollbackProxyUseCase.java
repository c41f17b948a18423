package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.InstallOutcome;

/**
 * {@code POST /rollback}: puts back the version the last install replaced (restarting the proxy if it ran). With
 * none kept, a {@link dev.cliproxy.control.domain.error.ConflictException}; so is an install or rollback running.
 */
public interface RollbackProxyUseCase {

    InstallOutcome rollback();
}
