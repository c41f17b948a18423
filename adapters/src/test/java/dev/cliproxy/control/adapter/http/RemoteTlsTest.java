package dev.cliproxy.control.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.cliproxy.control.domain.model.ProxyStatus;
import dev.cliproxy.control.domain.model.RemoteProxy;
import dev.cliproxy.control.domain.model.RemoteState;
import dev.cliproxy.control.testkit.FileTrees;
import dev.cliproxy.control.testkit.TestClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS to a proxy on another host: verified against the JDK's trust store, so a self-signed certificate (made here
 * with keytool, served by a loopback HTTPS stub) is refused until its certificate is the extra trusted CA file; the
 * host name is checked either way.
 */
class RemoteTlsTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Map<String, SelfSigned> SELF_SIGNED = new ConcurrentHashMap<>();

    @TempDir
    Path dir;
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aSelfSignedProxyIsTrustedOnlyWhenItsCertificateIsTheExtraCaFile() throws Exception {
        Path ca = serveWithSelfSignedCertificate("ip:127.0.0.1");
        RemoteProxyClients clients = new RemoteProxyClients(Duration.ofSeconds(5), Map.of(), new TestClock());
        RemoteProxy target = new RemoteProxy(URI.create("https://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Optional.of("tls-key"));

        ProxyStatus.Remote untrusted = check(clients.client(target, Optional.empty()));
        assertEquals(RemoteState.UNREACHABLE, untrusted.state());
        assertTrue(untrusted.message().orElseThrow().contains("TLS"), untrusted.message().orElseThrow());
        assertTrue(untrusted.message().orElseThrow().contains("fleet.trustedCaFile"));

        ProxyStatus.Remote trusted = check(clients.client(target, Optional.of(ca)));
        assertEquals(RemoteState.READY, trusted.state(), trusted.message().orElse(""));
        assertEquals(Optional.of("7.2.140"), trusted.version());
    }

    @Test
    void theHostNameIsCheckedEvenForATrustedCertificate() throws Exception {
        Path ca = serveWithSelfSignedCertificate("dns:proxy.example");
        RemoteProxy target = new RemoteProxy(URI.create("https://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Optional.of("tls-key"));
        ProxyStatus.Remote status = check(new RemoteProxyClients(Duration.ofSeconds(5), Map.of(), new TestClock())
                .client(target, Optional.of(ca)));
        assertEquals(RemoteState.UNREACHABLE, status.state());
        assertTrue(status.message().orElseThrow().contains("TLS"), status.message().orElseThrow());
    }

    @Test
    void aCaFileThatCannotBeUsedIsSaidSoWithoutItsPath() throws Exception {
        serveWithSelfSignedCertificate("ip:127.0.0.1");
        Path garbage = Files.writeString(dir.resolve("garbage-ca.pem"), "not a certificate");
        RemoteProxyClients clients = new RemoteProxyClients(Duration.ofSeconds(5), Map.of(), new TestClock());
        RemoteProxy target = new RemoteProxy(URI.create("https://127.0.0.1:" + server.getAddress().getPort()),
                Optional.empty(), Optional.of("tls-key"));
        for (Path file : List.of(garbage, dir.resolve("missing.pem"))) {
            ProxyStatus.Remote status = check(clients.client(target, Optional.of(file)));
            assertEquals(RemoteState.UNREACHABLE, status.state());
            String message = status.message().orElseThrow();
            assertTrue(message.contains("fleet.trustedCaFile of the control settings cannot be used"), message);
            assertFalse(message.contains(dir.toString()), message);
        }
    }

    private static ProxyStatus.Remote check(RemoteProxyClient client) {
        return new RemoteProxyCheckAdapter(client, new TestClock()).check(Duration.ofSeconds(5));
    }

    /** Makes a self-signed certificate for {@code subjectAltName} with keytool, serves it, returns it as PEM. */
    private Path serveWithSelfSignedCertificate(String subjectAltName) throws Exception {
        SelfSigned certificate = SELF_SIGNED.computeIfAbsent(subjectAltName, RemoteTlsTest::selfSigned);
        Path pem = Files.write(dir.resolve("stub-ca.pem"), certificate.pem());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(new ByteArrayInputStream(certificate.keyStore()), PASSWORD);
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            try (exchange) {
                boolean health = exchange.getRequestURI().getPath().equals("/healthz");
                byte[] body = (health ? "{\"status\":\"ok\"}" : "{\"debug\":false}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("X-CPA-VERSION", "7.2.140");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        return pem;
    }

    /**
     * A new key pair and certificate from keytool (two JVM starts, seconds under load), made once per test JVM and
     * SAN: mutation testing runs these tests again for every mutant of the trust code.
     */
    private static SelfSigned selfSigned(String subjectAltName) {
        try {
            Path scratch = Files.createTempDirectory("remote-tls-");
            try {
                Path store = scratch.resolve("stub.p12");
                Path pem = scratch.resolve("stub-ca.pem");
                String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
                run(keytool, "-genkeypair", "-alias", "stub", "-keyalg", "EC", "-groupname", "secp256r1",
                        "-dname", "CN=cliproxy-control test stub", "-ext", "SAN=" + subjectAltName, "-validity", "2",
                        "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit");
                run(keytool, "-exportcert", "-rfc", "-alias", "stub", "-keystore", store.toString(), "-storepass",
                        "changeit", "-file", pem.toString());
                return new SelfSigned(Files.readAllBytes(store), Files.readAllBytes(pem));
            } finally {
                FileTrees.delete(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 key store holding the key and certificate, and that certificate as PEM. */
    private record SelfSigned(byte[] keyStore, byte[] pem) {
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
    }
}
