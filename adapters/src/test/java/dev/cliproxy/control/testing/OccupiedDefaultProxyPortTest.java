package dev.cliproxy.control.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The suite runs with something listening on 8317 (see {@link OccupiedDefaultProxyPort}). */
class OccupiedDefaultProxyPortTest {

    @Test
    void somethingListensOnTheDefaultProxyPortWhileTheTestsRun() {
        assertDoesNotThrow(() -> new Socket(InetAddress.getLoopbackAddress(), 8317).close(),
                "OccupiedDefaultProxyPort (or a proxy of this machine) holds 127.0.0.1:8317");
    }
}
