package dev.cliproxy.control.adapter.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;

/**
 * Whether nothing listens on {@code 127.0.0.1:port}, known without a connection on Linux: a socket with
 * {@code SO_REUSEADDR} binds to that address unless a socket listens on it (on it, on {@code 0.0.0.0}, on a
 * dual-stack {@code [::]}) or holds it without {@code SO_REUSEADDR}; and such a socket, bound but not listening,
 * never keeps another {@code SO_REUSEADDR} socket from binding and listening meanwhile (every Go listener sets it, so
 * CLIProxyAPI's; only a program without it that binds in those microseconds would be refused). A bind and a close
 * cost half of a refused connect: no packets through the loopback, no reset, no exception. The kernel is checked
 * once, on a spare port, to behave so before it is trusted; elsewhere, or where it does not, the answer is always
 * "not known", and the caller connects.
 */
final class LoopbackPort {

    private static final InetAddress LOOPBACK = address(new byte[] {127, 0, 0, 1});

    private LoopbackPort() {
    }

    /** True when nothing listens on {@code 127.0.0.1:port}; false when something may (then connect to know). */
    static boolean nothingListens(int port) {
        return Trust.KERNEL_AGREES && bindable(port);
    }

    /** Whether this JVM trusts a bind to tell a free port (Linux, and its check passed). */
    static boolean trusted() {
        return Trust.KERNEL_AGREES;
    }

    private static boolean bindable(int port) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.INET)) {
            probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            probe.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException | UnsupportedOperationException heldOrUnknown) {
            return false;
        }
    }

    /** Made on first use: the check of the kernel's behaviour, run once. */
    private static final class Trust {
        static final boolean KERNEL_AGREES = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
                .startsWith("linux") && kernelAgrees();
    }

    /**
     * On a spare port: a listener on {@code 127.0.0.1}, {@code 0.0.0.0}, {@code [::]} or {@code ::ffff:127.0.0.1}
     * makes the port unbindable and its close bindable again; and a listener with {@code SO_REUSEADDR} binds and
     * listens while a probe is bound.
     */
    static boolean kernelAgrees() {
        try (ServerSocketChannel spare = listener(StandardProtocolFamily.INET, LOOPBACK, 0)) {
            int port = ((InetSocketAddress) spare.getLocalAddress()).getPort();
            if (bindable(port)) {
                return false;
            }
            spare.close();
            if (!bindable(port)) {
                return false;
            }
            record Listener(ProtocolFamily family, InetAddress address) {
            }
            for (Listener kind : List.of(new Listener(StandardProtocolFamily.INET, address(new byte[4])),
                    new Listener(StandardProtocolFamily.INET6, address(new byte[16])),
                    new Listener(StandardProtocolFamily.INET6, LOOPBACK))) {
                if (!unbindableWhileListening(kind.family(), kind.address(), port)) {
                    return false;
                }
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.INET)) {
                probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                probe.bind(new InetSocketAddress(LOOPBACK, port));
                listener(StandardProtocolFamily.INET, LOOPBACK, port).close();
            }
            return bindable(port);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** A listener of that kind makes the port unbindable; true too where this JVM has no IPv6 (nor its listeners). */
    private static boolean unbindableWhileListening(ProtocolFamily family, InetAddress address, int port)
            throws IOException {
        ServerSocketChannel listening;
        try {
            listening = listener(family, address, port);
        } catch (UnsupportedOperationException noIpv6) {
            return true;
        }
        try (listening) {
            return !bindable(port);
        }
    }

    private static ServerSocketChannel listener(ProtocolFamily family, InetAddress address, int port)
            throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(family);
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(address, port), 1);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // never: four or sixteen bytes are an address
        }
    }
}
