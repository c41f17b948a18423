package dev.cliproxy.control.domain.model;

/** What answers on the proxy's port. */
public enum ProbeResult {
    /** CLIProxyAPI: {@code /healthz} said ok, or {@code /} showed its banner. */
    PROXY,
    /** Something answers, but it is not CLIProxyAPI. */
    OTHER_PROGRAM,
    /** Nothing accepted the connection or answered in time. */
    NO_ANSWER
}
