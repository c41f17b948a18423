package dev.cliproxy.control.pit;

import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** jqwik properties, run by DiscoveryTestPluginTest only (not a *Properties class). */
class JqwikCases {

    static final AtomicInteger RUNS = new AtomicInteger();

    @Property(tries = 10)
    boolean holds(@ForAll int any) {
        RUNS.incrementAndGet();
        return true;
    }

    @Property(tries = 10)
    boolean failsForNegatives(@ForAll int any) {
        RUNS.incrementAndGet();
        return any >= 0;
    }
}
