package dev.cliproxy.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 request over a plain socket, read on the calling thread until the answer is complete (its length, its
 * last chunk, or the end of the stream): a client with nothing between the socket and the caller, as curl is, for
 * timing an answer's arrival. The JDK's {@code HttpClient} hands each answer over from its selector thread, which
 * adds its own fraction of a millisecond to what is measured.
 */
final class PlainSocketRequest {

    /** The answer's status and body (a chunked body as it came, chunk sizes included). */
    record Answer(int status, String body) {
    }

    private PlainSocketRequest() {
    }

    static Answer send(String method, URI url, Duration timeout) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) timeout.toMillis());
            socket.getOutputStream().write((method + " " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost()
                    + ":" + url.getPort() + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            for (int n; !complete(received.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buffer)) >= 0; ) {
                received.write(buffer, 0, n);
            }
            String answer = received.toString(StandardCharsets.UTF_8);
            int headEnd = answer.indexOf("\r\n\r\n");
            if (!answer.startsWith("HTTP/1.") || headEnd < 0) {
                throw new IOException(url + " gave no HTTP answer: " + answer);
            }
            return new Answer(Integer.parseInt(answer.substring(9, 12)), answer.substring(headEnd + 4));
        }
    }

    private static boolean complete(String received) {
        int headEnd = received.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        String head = received.substring(0, headEnd).toLowerCase(Locale.ROOT);
        String body = received.substring(headEnd + 4);
        int length = head.indexOf("\r\ncontent-length:");
        if (length >= 0) {
            int end = head.indexOf("\r\n", length + 2);
            String value = head.substring(length + 17, end < 0 ? head.length() : end).trim();
            return body.length() >= Integer.parseInt(value);
        }
        return head.contains("\r\ntransfer-encoding: chunked") && body.endsWith("0\r\n\r\n");
    }
}
