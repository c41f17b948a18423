package dev.cliproxy.control.application.usecase;

import dev.cliproxy.control.domain.model.StartOutcome;

/** {@code POST /proxy-start}: makes sure one healthy proxy serves the current port. */
public interface StartProxyUseCase {

    /**
     * Starts the proxy unless a verified one runs. A proxy started here keeps running when embedders' sessions
     * close (it holds a session of its own, as the CLI's dashboard does) until it is stopped.
     */
    StartOutcome start();
}
