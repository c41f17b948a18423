package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.RestartOutcome;

/**
 * {@code POST /proxy-restart}: stops the recorded proxy of the current port, then starts it again; the sessions
 * registered before the restart stay registered with the new process.
 */
public interface RestartProxyUseCase {

    RestartOutcome restart();
}
