package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** The ids of fleet instances: usable in a path as they are, and never one the CCS directory or the ccs settings decide. */
class FleetInstanceProperties {

    private static final RemoteProxy TARGET = new RemoteProxy(URI.create("https://h:443"), Optional.empty(),
            Optional.empty());

    @Example
    void aNamesIdIsItsLettersAndDigitsJoinedByDashes() {
        assertEquals(Optional.of("home-server"), FleetInstance.idFor("Home Server"));
        assertEquals(Optional.of("cafe-proxy-2"), FleetInstance.idFor("  Café / proxy #2 "));
        assertEquals(Optional.of("a-b"), FleetInstance.idFor("--a___b--"));
        assertEquals(Optional.of("x".repeat(40)), FleetInstance.idFor("x".repeat(45)));
        assertEquals(Optional.of("a".repeat(39)), FleetInstance.idFor("a".repeat(39) + " bcd"),
                "a cut never ends with a dash");
    }

    @Example
    void aNameWithNothingUsableOrAReservedIdHasNone() {
        assertEquals(Optional.empty(), FleetInstance.idFor("!!!"));
        assertEquals(Optional.empty(), FleetInstance.idFor(""));
        assertEquals(Optional.empty(), FleetInstance.idFor("Local 8317"));
        assertEquals(Optional.empty(), FleetInstance.idFor("local-proxy"));
        assertEquals(Optional.empty(), FleetInstance.idFor("CCS Remote"));
        assertEquals(Optional.of("local"), FleetInstance.idFor("Local"));
    }

    @Property
    void anIdGivenIsRegistrableAndItsOwnId(@ForAll @StringLength(max = 60) String name) {
        FleetInstance.idFor(name).ifPresent(id -> {
            assertTrue(FleetInstance.isRegistrableId(id), id);
            assertEquals(Optional.of(id), FleetInstance.idFor(id));
            assertTrue(id.length() <= FleetInstance.MAX_ID_LENGTH);
        });
    }

    @Example
    void registrableIdsAreShortPlainAndNotReserved() {
        assertTrue(FleetInstance.isRegistrableId("home-1"));
        assertFalse(FleetInstance.isRegistrableId(null));
        assertFalse(FleetInstance.isRegistrableId("Home"));
        assertFalse(FleetInstance.isRegistrableId("a--b"));
        assertFalse(FleetInstance.isRegistrableId("-a"));
        assertFalse(FleetInstance.isRegistrableId("a/b"));
        assertFalse(FleetInstance.isRegistrableId("x".repeat(41)));
        assertTrue(FleetInstance.isRegistrableId("x".repeat(40)));
        assertFalse(FleetInstance.isRegistrableId("local-9000"));
        assertFalse(FleetInstance.isRegistrableId("local-x"));
        assertFalse(FleetInstance.isRegistrableId(FleetInstance.CCS_REMOTE_ID));
    }

    @Property
    void aLocalInstancesIdNamesItsPort(@ForAll @IntRange(min = 1, max = 65535) int port) {
        FleetInstance.Local local = new FleetInstance.Local(port);
        assertEquals("local-" + port, local.id());
        assertEquals("Local :" + port, local.name());
        assertEquals(Optional.of(port), FleetInstance.localPort(local.id()));
        assertFalse(FleetInstance.isRegistrableId(local.id()));
    }

    @Example
    void onlyTheLocalIdsOfPortsNamePorts() {
        assertEquals(Optional.empty(), FleetInstance.localPort("local-0"));
        assertEquals(Optional.empty(), FleetInstance.localPort("local-08317"));
        assertEquals(Optional.empty(), FleetInstance.localPort("local-65536"));
        assertEquals(Optional.empty(), FleetInstance.localPort("local-99999"));
        assertEquals(Optional.empty(), FleetInstance.localPort("home"));
        assertThrows(IllegalArgumentException.class, () -> new FleetInstance.Local(0));
        assertThrows(IllegalArgumentException.class, () -> new FleetInstance.Local(65536));
    }

    @Example
    void aRemoteInstanceHasARegistrableIdOrTheCcsRemotes() {
        assertEquals("home", new FleetInstance.Remote("home", "Home", TARGET).id());
        assertEquals(FleetInstance.CCS_REMOTE_ID,
                new FleetInstance.Remote(FleetInstance.CCS_REMOTE_ID, "ccs", TARGET).id());
        assertThrows(IllegalArgumentException.class, () -> new FleetInstance.Remote("local-1", "x", TARGET));
        assertThrows(IllegalArgumentException.class, () -> new FleetInstance.Remote("Bad Id", "x", TARGET));
    }
}
