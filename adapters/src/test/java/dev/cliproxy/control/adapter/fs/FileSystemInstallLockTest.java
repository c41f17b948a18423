package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.port.ProxyInstallationPort;
import dev.cliproxy.control.domain.port.ProxyInstallationPort.Reservation;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cliproxy/.install.lock}: one reservation at a time across adapters of this JVM and across processes, and
 * a killed holder's lock is gone with it.
 */
class FileSystemInstallLockTest {

    @TempDir
    Path temp;

    private ProxyInstallationPort installation() {
        CcsLayout layout = new CcsLayout(temp);
        return new FileSystemProxyInstallationAdapter(layout, new FileSystemInstalledVersionAdapter(layout));
    }

    @Test
    void oneReservationAtATimeInThisJvmAndASecondCloseReleasesNothing() throws Exception {
        ProxyInstallationPort one = installation();
        ProxyInstallationPort other = installation();
        Reservation held = one.reserve().orElseThrow();
        assertEquals(Optional.empty(), other.reserve());
        assertEquals(Optional.empty(), one.reserve());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(new CcsLayout(temp).installLockFile())));
        held.close();

        Reservation next = other.reserve().orElseThrow();
        held.close();
        assertEquals(Optional.empty(), one.reserve(), "the first one's second close released the next one's");
        next.close();
        one.reserve().orElseThrow().close();
    }

    @Test
    void anotherProcessHoldingItRefusesUsUntilItIsKilled() throws Exception {
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Holder.class.getName(), temp.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("reserved", out.readLine());
            assertEquals(Optional.empty(), installation().reserve());
        } finally {
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        installation().reserve().orElseThrow().close();
    }

    /** Another process: takes the reservation, says so, and holds it until it is killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            CcsLayout layout = new CcsLayout(Path.of(args[0]));
            Optional<Reservation> held = new FileSystemProxyInstallationAdapter(layout,
                    new FileSystemInstalledVersionAdapter(layout)).reserve();
            System.out.println(held.isPresent() ? "reserved" : "refused");
            System.out.flush();
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
        }
    }
}
