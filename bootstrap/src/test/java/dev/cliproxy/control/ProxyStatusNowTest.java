package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.sun.net.httpserver.HttpServer;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.testing.StandInConfig;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status is asked of the port on every call, however often it is polled: a proxy that appears on the port or
 * goes away is reported by the very next call, never by one after a delay.
 */
class ProxyStatusNowTest {

    @TempDir
    Path ccs;

    @Test
    void aProxyThatAppearsOrGoesAwayIsReportedByTheNextCall() throws Exception {
        int port = StandInConfig.freePort();
        StandInConfig.selectPort(new CcsLayout(ccs), port);
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of()).build()) {
            for (int i = 0; i < 100; i++) {
                assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status());
            }
            HttpServer proxy = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            proxy.createContext("/healthz", exchange -> LoopbackStub.json(exchange, 200, "{\"status\":\"ok\"}"));
            proxy.start();
            try {
                ProxyStatus.Running running = assertInstanceOf(ProxyStatus.Running.class, control.proxy().status(),
                        "the first call after it appeared");
                assertEquals(OptionalLong.empty(), running.pid(), "nobody recorded it");
            } finally {
                proxy.stop(0);
            }
            assertInstanceOf(ProxyStatus.NotRunning.class, control.proxy().status(), "the first call after it left");
        }
    }
}
