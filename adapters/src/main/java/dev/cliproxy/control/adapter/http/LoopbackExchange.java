package dev.cliproxy.control.adapter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One small {@code GET} to {@code 127.0.0.1:port} over a plain socket, on the calling thread, within one deadline:
 * how the proxy's health is asked. A closed port is one refused connect (tens of microseconds, no exception of an
 * HTTP client, no hand-off between threads); an open one is asked on the connection just made, so a start notices
 * the proxy's first answer as soon as it is read, not after the HTTP client's selector thread has passed it on.
 * Only what a health answer needs: HTTP/1.x, a length or chunked body of at most {@link #MAX_BODY_BYTES}.
 */
final class LoopbackExchange {

    /** A health answer or the proxy's banner is a few dozen bytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final InetAddress LOOPBACK = loopback();
    private static final byte[] CRLF = {'\r', '\n'};
    /** What ends a head, and the trailers of a chunked body. */
    private static final byte[] EMPTY_LINE = {'\r', '\n', '\r', '\n'};
    /** Compiled once: {@code String.split} compiles a two-character separator again on every call. */
    private static final Pattern LINE_BREAK = Pattern.compile("\r\n", Pattern.LITERAL);

    /** What the port answered: the status code and the body. */
    record Answer(int status, byte[] body) {
    }

    /** The outcome of one exchange: refused, or connected with or without an HTTP answer within the deadline. */
    sealed interface Outcome {
        record Refused() implements Outcome {
        }

        /** Connected, but nothing that reads as an HTTP answer came back within the deadline. */
        record NoAnswer() implements Outcome {
        }

        record Answered(Answer answer) implements Outcome {
        }
    }

    private LoopbackExchange() {
    }

    /** {@code GET path} on {@code 127.0.0.1:port}, accepting JSON, all of it within {@code timeout}. */
    static Outcome get(int port, String path, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Socket socket = new Socket(Proxy.NO_PROXY)) { // no SOCKS look-up for a loopback port
            try {
                socket.connect(new InetSocketAddress(LOOPBACK, port), Math.max(1, remainingMillis(deadline)));
            } catch (ConnectException | SocketTimeoutException refusedOrNoHandshake) {
                return new Outcome.Refused();
            }
            // Any other failure of the connect is a reset after the handshake: something accepted and went away
            // before the connect returned (Linux reports it there when the peer is quick), which is no answer.
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nAccept: application/json\r\nUser-Agent: " + JdkProxyApiAdapter.USER_AGENT
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            return read(socket, deadline).<Outcome>map(Outcome.Answered::new).orElse(new Outcome.NoAnswer());
        } catch (IOException failed) {
            return new Outcome.NoAnswer();
        }
    }

    /** The answer read until its body is complete (length, chunks or the end of the stream), or empty. */
    private static Optional<Answer> read(Socket socket, long deadline) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream(512);
        byte[] buffer = new byte[4096];
        while (true) {
            Optional<Parsed> parsed = Parsed.of(received.toByteArray());
            if (parsed.isPresent() && parsed.get().complete()) {
                return Optional.of(parsed.get().answer());
            }
            if (received.size() > MAX_BODY_BYTES + 8192) {
                return Optional.empty();
            }
            int millis = remainingMillis(deadline);
            if (millis <= 0) {
                return Optional.empty();
            }
            socket.setSoTimeout(millis);
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException late) {
                return Optional.empty();
            }
            if (n < 0) {
                // The end of the stream ends a body without length; anything else is cut short.
                return parsed.filter(Parsed::untilClose).map(Parsed::answer);
            }
            received.write(buffer, 0, n);
        }
    }

    /** The head and what has arrived of the body. */
    private record Parsed(int status, byte[] rest, long length, boolean chunked) {

        static Optional<Parsed> of(byte[] bytes) {
            int end = indexOf(bytes, EMPTY_LINE, 0);
            if (end < 0) {
                return Optional.empty();
            }
            String[] lines = LINE_BREAK.split(new String(bytes, 0, end, StandardCharsets.ISO_8859_1));
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/1.") || statusLine[1].length() != 3) {
                return Optional.empty();
            }
            int status;
            try {
                status = Integer.parseInt(statusLine[1]);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            long length = -1;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    try {
                        length = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return Optional.empty();
                    }
                } else if (name.equals("transfer-encoding")) {
                    chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                }
            }
            boolean noBody = status / 100 == 1 || status == 204 || status == 304;
            return Optional.of(new Parsed(status, Arrays.copyOfRange(bytes, end + 4, bytes.length),
                    noBody ? 0 : length, chunked && !noBody));
        }

        boolean untilClose() {
            return !chunked && length < 0;
        }

        boolean complete() {
            if (chunked) {
                return dechunked().isPresent();
            }
            return length >= 0 && rest.length >= length;
        }

        Answer answer() {
            byte[] body = chunked ? dechunked().orElse(new byte[0])
                    : length >= 0 ? Arrays.copyOf(rest, (int) Math.min(length, rest.length)) : rest;
            return new Answer(status, body);
        }

        /** The body of a complete chunked stream (its last chunk and trailers read), else empty. */
        private Optional<byte[]> dechunked() {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int at = 0;
            while (true) {
                int lineEnd = indexOf(rest, CRLF, at);
                if (lineEnd < 0) {
                    return Optional.empty();
                }
                String size = new String(rest, at, lineEnd - at, StandardCharsets.US_ASCII);
                int extension = size.indexOf(';');
                int chunk;
                try {
                    chunk = Integer.parseInt((extension < 0 ? size : size.substring(0, extension)).trim(), 16);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
                at = lineEnd + 2;
                if (chunk == 0) {
                    // The trailer lines, if any, end with an empty line.
                    boolean trailersRead = indexOf(rest, CRLF, at) == at || indexOf(rest, EMPTY_LINE, at) >= 0;
                    return trailersRead ? Optional.of(body.toByteArray()) : Optional.empty();
                }
                if (chunk < 0 || chunk > MAX_BODY_BYTES || at + chunk + 2 > rest.length) {
                    return Optional.empty();
                }
                body.write(rest, at, chunk);
                at += chunk + 2;
            }
        }
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= bytes.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int remainingMillis(long deadline) {
        long nanos = deadline - System.nanoTime();
        return nanos <= 0 ? 0 : (int) Math.clamp(Math.max(1, nanos / 1_000_000), 1, Integer.MAX_VALUE);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // never: four bytes are a valid address
        }
    }
}
