package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.model.UsageCollectorStatus.Instance;
import dev.cliproxy.control.domain.model.UsageCollectorStatus.State;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The collector's status over a fleet: this machine's proxy first, the whole fleet's count; records re-homed. */
class UsageCollectorStatusTest {

    private static Instance instance(String name, long collected) {
        return new Instance(name, State.COLLECTING, Optional.empty(), Optional.empty(), collected, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void thisMachinesProxyComesFirstAndTheCountIsTheFleets() {
        UsageCollectorStatus status = new UsageCollectorStatus(true, "memory",
                List.of(instance(UsageRecord.LOCAL, 3), instance("home", 4), instance("office", 0)));
        assertEquals(instance(UsageRecord.LOCAL, 3), status.local());
        assertEquals(7, status.collected());
        assertThrows(IllegalArgumentException.class, () -> new UsageCollectorStatus(true, "memory", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new UsageCollectorStatus(true, "memory",
                List.of(instance("home", 1), instance(UsageRecord.LOCAL, 1))));
    }

    @Test
    void aRecordTakenFromAnInstanceIsThatInstancesAndNothingElseChanges() {
        UsageRecord local = UsageSamples.simple("r1", 5, 120);
        UsageRecord home = local.withInstance("home");
        assertEquals("home", home.instance());
        assertEquals(local, home.withInstance(UsageRecord.LOCAL));
        assertEquals(new UsageCursor(local.timestamp().toEpochMilli(), "home", "r1"), UsageCursor.of(home));
    }
}
