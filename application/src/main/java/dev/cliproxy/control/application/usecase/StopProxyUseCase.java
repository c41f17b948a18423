package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.StopOutcome;

/** {@code POST /proxy-stop}: stops the recorded proxy of the current port, gracefully then forcefully. */
public interface StopProxyUseCase {

    StopOutcome stop();
}
