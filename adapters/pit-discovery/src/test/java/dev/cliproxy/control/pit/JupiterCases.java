package dev.cliproxy.control.pit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Jupiter tests of every kind the plugin must find, run by DiscoveryTestPluginTest only (not a *Test class). */
class JupiterCases {

    static final AtomicInteger RUNS = new AtomicInteger();

    @Test
    void passes() {
        RUNS.incrementAndGet();
    }

    @Test
    void fails() {
        RUNS.incrementAndGet();
        fail("planted");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void failsOnItsSecondValue(int value) {
        RUNS.incrementAndGet();
        assertNotEquals(2, value);
    }

    @Test
    void stopsOnAnAssumption() {
        RUNS.incrementAndGet();
        assumeTrue(false);
    }

    @Test
    @Disabled("planted")
    void isDisabled() {
        RUNS.incrementAndGet();
    }

    @Nested
    class Inner {
        @Test
        void passesInside() {
            RUNS.incrementAndGet();
        }
    }
}
