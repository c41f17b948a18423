package dev.cliproxy.control.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class StandInConfigTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aFreePortRefusesConnectionsUntilAServerThatReusesAddressesBindsIt() throws IOException {
        int port = StandInConfig.freePort();
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close());
        try (ServerSocket server = new ServerSocket(port, 50, LOOPBACK);
                Socket client = new Socket(LOOPBACK, port);
                Socket accepted = server.accept()) {
            assertEquals(port, accepted.getLocalPort());
        }
    }

    /** The reservation itself: a bind that does not share the port fails while the JVM holds it. */
    @Test
    void onLinuxTheFreePortStaysReservedAfterItsServerStops() throws IOException {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux"));
        int port = StandInConfig.freePort();
        new ServerSocket(port, 50, LOOPBACK).close();
        try (ServerSocket exclusive = new ServerSocket()) {
            exclusive.setReuseAddress(false);
            assertThrows(BindException.class, () -> exclusive.bind(new InetSocketAddress(LOOPBACK, port)));
        }
    }
}
