package dev.cliproxy.control.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cliproxy.control.domain.model.CcsLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Runs every test of the adapters and bootstrap modules (surefire and failsafe alike) with something answering as
 * CLIProxyAPI on 127.0.0.1:8317, as on the machines of this project's users, who run a proxy there. A test that
 * relies on 8317 being free, or that looks at the default port when it meant its own, then sees a proxy it did not
 * start and fails on any machine, not only on theirs. If the port is already taken (by a real proxy, or by another
 * build), that is the same situation and nothing more is done. Each module registers it in its own test resources,
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}, so it holds the port from the first
 * test to the last; the testkit registers nothing, so an embedder's tests run with it only when they ask for it.
 */
public final class OccupiedDefaultProxyPort implements LauncherSessionListener {

    private HttpServer server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    CcsLayout.DEFAULT_PROXY_PORT), 50);
        } catch (BindException taken) {
            return;
        } catch (IOException e) {
            throw new IllegalStateException("could not open a listener on port 8317", e);
        }
        server.createContext("/", OccupiedDefaultProxyPort::answerAsTheProxy);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** The health answers of a proxy nobody in the tests started; everything else needs keys no test has. */
    private static void answerAsTheProxy(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int status;
        String body;
        if (path.equals("/healthz")) {
            status = 200;
            body = "{\"status\":\"ok\"}";
        } else if (path.equals("/")) {
            status = 200;
            body = "{\"message\":\"" + StandInProxy.BANNER + "\"}";
        } else {
            status = 401;
            body = "{\"error\":\"Invalid API key\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
