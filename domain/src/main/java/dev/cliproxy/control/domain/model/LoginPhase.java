package dev.cliproxy.control.domain.model;

import java.util.Locale;

/** Where a sign-in stands for its caller: waiting for consent, done (an account added), or failed. */
public enum LoginPhase {
    WAIT, OK, ERROR;

    /** The name in answers: {@code wait}, {@code ok}, {@code error}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
