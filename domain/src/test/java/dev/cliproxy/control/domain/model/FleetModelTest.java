package dev.cliproxy.control.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.error.ErrorCode;
import dev.cliproxy.control.domain.error.UpstreamFailureException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The values of remote proxies' states and of fleet answers. */
class FleetModelTest {

    @Test
    void aRemoteProxyRunsWhenItAnsweredWhateverItsManagementApiSaid() {
        for (RemoteState state : RemoteState.values()) {
            ProxyStatus.Remote status = new ProxyStatus.Remote(URI.create("https://h:8443"), state, Optional.empty(),
                    Optional.empty());
            assertEquals(state != RemoteState.UNREACHABLE && state != RemoteState.TIMED_OUT, status.running(), state.id());
            assertEquals(8443, status.port());
        }
        assertEquals("key_rejected", RemoteState.KEY_REJECTED.id());
        assertEquals("no_management_key", RemoteState.NO_MANAGEMENT_KEY.id());
    }

    @Test
    void aFailureCarriesWhatAnErrorBodyWould() {
        FleetFailure failure = FleetFailure.of(new UpstreamFailureException(ErrorCode.REMOTE_UNREACHABLE, "down"));
        assertEquals(new FleetFailure("Remote proxy unreachable", Optional.of("remote_unreachable"), Optional.of("down")),
                failure);
    }

    @Test
    void anAccountsQuotaIsEitherAResultOrAFailure() {
        QuotaResult result = new QuotaResult.Unsupported(QuotaProvider.IFLOW, "a", "none", Instant.EPOCH);
        FleetFailure failure = new FleetFailure("x", Optional.empty(), Optional.empty());
        assertTrue(new FleetInstanceQuota.AccountQuota("iflow", "a", Optional.of(result), Optional.empty())
                .result().isPresent());
        assertFalse(new FleetInstanceQuota.AccountQuota("iflow", "a", Optional.empty(), Optional.of(failure))
                .result().isPresent());
        assertThrows(IllegalArgumentException.class, () -> new FleetInstanceQuota.AccountQuota("iflow", "a",
                Optional.of(result), Optional.of(failure)));
        assertThrows(IllegalArgumentException.class, () -> new FleetInstanceQuota.AccountQuota("iflow", "a",
                Optional.empty(), Optional.empty()));
        FleetInstanceQuota quota = new FleetInstanceQuota(new FleetInstance.Local(1), Optional.empty(),
                new java.util.ArrayList<>(List.of()), Optional.empty());
        assertThrows(UnsupportedOperationException.class, () -> quota.accounts().add(null));
    }

    @Test
    void theFilesOfAPortAreFoundBackFromTheirNames() {
        assertEquals(OptionalInt.of(8317), CcsLayout.portOfConfigFile("config.yaml"));
        assertEquals(OptionalInt.of(9000), CcsLayout.portOfConfigFile("config-9000.yaml"));
        assertEquals(OptionalInt.empty(), CcsLayout.portOfConfigFile("config-8317.yaml"), "8317 is config.yaml's");
        assertEquals(OptionalInt.empty(), CcsLayout.portOfConfigFile("config-0.yaml"));
        assertEquals(OptionalInt.empty(), CcsLayout.portOfConfigFile("config-65536.yaml"));
        assertEquals(OptionalInt.empty(), CcsLayout.portOfConfigFile("config-09000.yaml"));
        assertEquals(OptionalInt.empty(), CcsLayout.portOfConfigFile("config-9000.yaml.bak"));
        assertEquals(OptionalInt.empty(), CcsLayout.portOfConfigFile("control.yaml"));
        assertEquals(OptionalInt.of(8317), CcsLayout.portOfSessionsFile("sessions.json"));
        assertEquals(OptionalInt.of(65535), CcsLayout.portOfSessionsFile("sessions-65535.json"));
        assertEquals(OptionalInt.empty(), CcsLayout.portOfSessionsFile("sessions-8317.json"));
        assertEquals(OptionalInt.empty(), CcsLayout.portOfSessionsFile("config-9000.yaml"));
    }
}
