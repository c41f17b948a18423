package dev.cliproxy.control.domain.model;

import java.util.Objects;

/** What a restart did: the stop, then the start ({@code POST /proxy-restart} answers both with 200). */
public record RestartOutcome(StopOutcome stopped, StartOutcome started) {

    public RestartOutcome {
        Objects.requireNonNull(stopped, "stopped");
        Objects.requireNonNull(started, "started");
    }
}
