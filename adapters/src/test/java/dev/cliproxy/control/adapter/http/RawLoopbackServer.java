package dev.cliproxy.control.adapter.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A port on 127.0.0.1 (chosen by the OS) that answers every connection with the same bytes, written as they are,
 * once the request head has arrived: what an HTTP server cannot be made to send (a cut answer, chunks with
 * extensions, a banner that is not HTTP). It closes the connection after the answer or keeps it open until closed
 * itself. Close it in a {@code finally} (try-with-resources).
 */
final class RawLoopbackServer implements AutoCloseable {

    private final ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawLoopbackServer(String answer, boolean keepOpen) throws IOException {
        this(answer.getBytes(StandardCharsets.ISO_8859_1), keepOpen);
    }

    RawLoopbackServer(byte[] answer, boolean keepOpen) throws IOException {
        acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                Socket connection;
                try {
                    connection = socket.accept();
                } catch (IOException closed) {
                    return; // the test is over
                }
                open.add(connection);
                try {
                    awaitRequestHead(connection.getInputStream());
                    connection.getOutputStream().write(answer);
                    connection.getOutputStream().flush();
                    if (!keepOpen) {
                        connection.close();
                    }
                } catch (IOException clientGone) {
                    // the client stopped reading (it had enough): the next connection is answered all the same
                }
            }
        });
    }

    private static void awaitRequestHead(InputStream in) throws IOException {
        int matched = 0;
        while (matched < 4) { // until the empty line that ends the request head
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        for (Socket connection : open) {
            connection.close();
        }
        acceptor.join();
    }
}
