package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A bind tells a free loopback port only where the kernel behaves as {@link LoopbackPort} relies on; a port something
 * listens on is never taken as free, and a bound probe never keeps a listener from starting on the port.
 */
class LoopbackPortTest {

    private static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("linux");

    /** A listener that accepts connections to 127.0.0.1, as a proxy or another program may open it. */
    private record Kind(String name, ProtocolFamily family, String address, boolean reuseAddress,
                        boolean reusePort) {
    }

    @Test
    void onLinuxTheKernelIsCheckedAndTrustedToTellAFreePort() throws IOException {
        assumeTrue(LINUX, "the bind is trusted on Linux only; elsewhere every probe connects");

        assertTrue(LoopbackPort.kernelAgrees(), "a listener on 127.0.0.1, 0.0.0.0 or [::] makes its port"
                + " unbindable, and a listener binds while a probe is bound");
        assertTrue(LoopbackPort.trusted());
        assertTrue(LoopbackPort.nothingListens(freePort()));
    }

    @Test
    void aPortAnyListenerReachableOn127001HoldsIsNeverFreeAndIsFreeOnceItCloses() throws IOException {
        List<Kind> kinds = List.of(new Kind("127.0.0.1", StandardProtocolFamily.INET, "127.0.0.1", true, false),
                new Kind("0.0.0.0", StandardProtocolFamily.INET, "0.0.0.0", true, false),
                new Kind("[::] dual-stack", StandardProtocolFamily.INET6, "::", true, false),
                new Kind("::ffff:127.0.0.1", StandardProtocolFamily.INET6, "127.0.0.1", true, false),
                new Kind("127.0.0.1 without SO_REUSEADDR", StandardProtocolFamily.INET, "127.0.0.1", false, false),
                new Kind("127.0.0.1 with SO_REUSEPORT", StandardProtocolFamily.INET, "127.0.0.1", true, true));
        List<String> tried = new ArrayList<>();
        for (Kind kind : kinds) {
            int port = freePort();
            ServerSocketChannel listening;
            try {
                listening = listen(kind, port);
            } catch (UnsupportedOperationException noIpv6) {
                continue;
            }
            try (listening) {
                assertFalse(LoopbackPort.nothingListens(port), kind.name());
            }
            assertEquals(LoopbackPort.trusted(), LoopbackPort.nothingListens(port), kind.name() + " closed");
            tried.add(kind.name());
        }
        assertTrue(tried.size() >= 4, "the IPv4 kinds at least: " + tried);
    }

    @Test
    void aListenerWithReuseAddressStartsOnThePortWhileItIsProbedWithoutPause() throws Exception {
        assumeTrue(LoopbackPort.trusted());
        int port = freePort();
        AtomicBoolean probing = new AtomicBoolean(true);
        AtomicInteger probes = new AtomicInteger();
        Thread prober = Thread.ofVirtual().start(() -> {
            while (probing.get()) {
                LoopbackPort.nothingListens(port);
                probes.incrementAndGet();
            }
        });
        try {
            for (int i = 0; i < 2000; i++) {
                // As CLIProxyAPI starts (every Go listener sets SO_REUSEADDR): never refused while a probe is bound.
                listen(new Kind("proxy", StandardProtocolFamily.INET, "127.0.0.1", true, false), port).close();
            }
        } finally {
            probing.set(false);
            prober.join();
        }
        assertTrue(probes.get() > 100, "the port was probed meanwhile: " + probes.get());
    }

    private static ServerSocketChannel listen(Kind kind, int port) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(kind.family());
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, kind.reuseAddress());
            if (kind.reusePort()) {
                channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            channel.bind(new InetSocketAddress(InetAddress.getByName(kind.address()), port), 1);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) socket.getLocalAddress()).getPort();
        }
    }
}
