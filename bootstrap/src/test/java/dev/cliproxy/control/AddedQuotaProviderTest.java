package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.TokenFileNaming;
import dev.cliproxy.control.domain.model.UpstreamRequest;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.LoopbackStub.Reply;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedder adds a quota provider through the builder: the API knows it everywhere the built-in ones are named. */
class AddedQuotaProviderTest {

    /** The embedder's provider: its name, its token files ({@code acme-<email>.json}), its quota API. */
    static final QuotaProvider ACME = QuotaProvider.withQuotaApi("acme", "https://quota.acme.example", false,
            new TokenFileNaming(List.of("acme"), List.of("acme-")));

    /** The one class an embedder writes: asks its API for the used fraction of the account's allowance. */
    record AcmeQuotaAdapter(URI base) implements QuotaProviderPort {
        @Override
        public QuotaProvider provider() {
            return ACME;
        }

        @Override
        public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
            String used = new String(upstream.call(UpstreamRequest.get(base.resolve("/usage"), Map.of(), "Bearer"),
                    credential).body()).strip();
            return List.of(QuotaEntry.percent("all", Double.parseDouble(used), Instant.EPOCH));
        }
    }

    @TempDir
    Path ccs;

    @Test
    void theAddedProviderIsNamedByTheErrorAndTheDocumentAndAnswersOnTheQuotaRoute() throws Exception {
        Files.createDirectories(ccs.resolve("cliproxy/auth"));
        Files.writeString(ccs.resolve("cliproxy/auth/acme-user@example.com.json"),
                "{\"type\":\"acme\",\"email\":\"user@example.com\",\"access_token\":\"tok\"}");
        try (LoopbackStub acme = LoopbackStub.replying(r -> Reply.of(200, "0.25"));
             CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of())
                     .quotaProvider(new AcmeQuotaAdapter(acme.uri())).build();
             HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0))) {
            TestHttpClient http = TestHttpClient.at(server.uri() + "/api/cliproxy");

            HttpResponse<String> invalid = http.get("/quota/nope/user@example.com");
            assertEquals(400, invalid.statusCode());
            assertEquals("Provider must be one of: agy, gemini, codex, iflow, kiro, ghcp, claude, acme",
                    json(invalid).path("message").asText());

            HttpResponse<String> quota = http.get("/quota/acme/user@example.com");
            assertEquals(200, quota.statusCode(), quota.body());
            assertEquals("acme", json(quota).path("provider").asText());
            assertEquals(75, json(quota).path("quotas").get(0).path("used").asInt(), "a quarter left");
            assertEquals("Bearer tok", acme.lastRequest().header("Authorization"), "the token file's token");

            assertTrue(http.get("/openapi.yaml").body()
                    .contains("enum: [agy, gemini, codex, iflow, kiro, ghcp, claude, acme]"), "the document");
        }
    }

    @Test
    void theAccountListingNamesTheAddedProvidersFilesEvenWithoutAType() throws Exception {
        Files.createDirectories(ccs.resolve("cliproxy/auth"));
        Files.writeString(ccs.resolve("cliproxy/auth/acme-user@example.com.json"),
                "{\"email\":\"user@example.com\"}");
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).environment(Map.of())
                .quotaProvider(new AcmeQuotaAdapter(URI.create("http://127.0.0.1:9"))).build()) {
            assertEquals(List.of("acme"), control.accounts().list().stream().map(a -> a.token().provider()).toList());
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }
}
