package dev.cliproxy.control.pit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A class whose set-up fails, so that its test never starts; run by DiscoveryTestPluginTest only. */
class FailingSetUpCases {

    @BeforeAll
    static void setUp() {
        throw new IllegalStateException("planted");
    }

    @Test
    void wouldPass() {
        // never runs: the set-up fails first
    }
}
