package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A port's config and session files name that port, and no other. */
class CcsLayoutPortProperties {

    private final CcsLayout layout = new CcsLayout(Path.of("/ccs"));

    @Property
    void eachPortsFilesNameItBack(@ForAll @IntRange(min = 1, max = 65535) int port) {
        assertEquals(OptionalInt.of(port),
                CcsLayout.portOfConfigFile(layout.proxyConfigFile(port).getFileName().toString()));
        assertEquals(OptionalInt.of(port),
                CcsLayout.portOfSessionsFile(layout.sessionsFile(port).getFileName().toString()));
    }
}
