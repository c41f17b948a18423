package dev.cliproxy.control.domain.port;

import dev.cliproxy.control.domain.model.TrialSetup;

/** Prepares and removes the private configs that candidate binaries are tried with. */
public interface TrialConfigPort {

    /**
     * A new private directory with a copy of {@code sourcePort}'s proxy config (or a minimal one when there is
     * none) listening on 127.0.0.1:{@code trialPort}, its {@code auth-dir} an empty folder, so that the trial never
     * reads, refreshes or writes real tokens.
     */
    TrialSetup prepare(int sourcePort, int trialPort);

    /** Removes the trial's directory and everything in it. */
    void discard(TrialSetup trial);
}
