package dev.cliproxy.control.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.HttpServerHandle;
import dev.cliproxy.control.HttpServerOptions;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard page's files over HTTP: served at {@code /} and {@code /assets/} with their types and the strict
 * policy, everything they load from this server only; the API and the guard unchanged around them. (What the page
 * does is tested in a browser, {@code DashboardPageBrowserTest}.)
 */
class DashboardPageTest {

    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'");

    @TempDir
    Path ccs;
    private TestApi api;

    @BeforeEach
    void start() {
        api = TestApi.start(ccs);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void thePageIsServedAtTheRootWithTheStrictPolicyAndNoInlineScriptOrStyle() throws IOException {
        TestApi.RawResponse page = api.rawGet("/");
        assertEquals(200, page.status());
        assertEquals("text/html", page.header("Content-Type").split(";")[0]);
        assertEquals(DashboardPage.CONTENT_SECURITY_POLICY, page.header("Content-Security-Policy"));
        assertTrue(page.header("Content-Security-Policy").contains("script-src 'self';"));
        assertFalse(page.header("Content-Security-Policy").contains("unsafe"));
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        assertEquals("no-referrer", page.header("Referrer-Policy"));
        String html = page.text();
        assertTrue(html.contains("<script type=\"module\" src=\"/assets/app.js\"></script>"), html);
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(html).find(), "no inline script");
        assertFalse(html.contains("<style") || html.contains("style="), "no inline style");
        assertFalse(html.contains("http://") || html.contains("https://"), "nothing from another origin");
        assertEquals(html, api.rawGet("/index.html").text());
    }

    @Test
    void everyModuleTheAppImportsIsServedAsJavaScriptAndTheStylesAndIconWithTheirTypes() throws Exception {
        Set<String> modules = new TreeSet<>(List.of("app.js"));
        for (String module : List.copyOf(modules)) {
            collectImports(module, modules);
        }
        assertEquals(pageAssets("js"), modules, "every module is reached from app.js, and every one exists");
        for (String module : modules) {
            TestApi.RawResponse answer = api.rawGet("/assets/" + module);
            assertEquals(200, answer.status(), module);
            assertTrue(answer.header("Content-Type").matches("(text|application)/javascript.*"),
                    module + ": " + answer.header("Content-Type"));
            for (String sink : List.of(".innerHTML", ".outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                    "new Function")) {
                assertFalse(answer.text().contains(sink), module + " uses " + sink);
            }
        }
        TestApi.RawResponse css = api.rawGet("/assets/style.css");
        assertEquals("text/css", css.header("Content-Type").split(";")[0]);
        assertFalse(css.text().contains("url(") || css.text().contains("@import"), "the styles load nothing");
        assertEquals("image/svg+xml", api.rawGet("/assets/icon.svg").header("Content-Type").split(";")[0]);
    }

    private void collectImports(String module, Set<String> modules) throws IOException {
        Matcher imports = IMPORT.matcher(api.rawGet("/assets/" + module).text());
        while (imports.find()) {
            if (modules.add(imports.group(1))) {
                collectImports(imports.group(1), modules);
            }
        }
    }

    /** The page's asset files of one kind, as packaged. */
    private static Set<String> pageAssets(String extension) throws IOException, URISyntaxException {
        URL folder = DashboardPage.class.getClassLoader().getResource(DashboardPage.RESOURCES + "/assets");
        try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
            return new TreeSet<>(files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith("." + extension)).toList());
        }
    }

    @Test
    void theApiAndItsErrorsAreUnchangedBesideThePage() throws IOException {
        TestApi.RawResponse document = api.rawGet("/api/cliproxy/openapi.yaml");
        assertEquals(200, document.status());
        assertTrue(document.text().contains("/api/cliproxy/config.yaml/backup:"));
        TestApi.RawResponse missing = api.rawGet("/assets/nothing.js");
        assertEquals(404, missing.status());
        assertEquals("application/json; charset=utf-8", missing.header("Content-Type"));
        assertEquals(404, api.rawGet("/nothing").status());
        for (String outside : List.of("/assets/../../../etc/passwd", "/assets/%2e%2e/%2e%2e/openapi.yaml",
                "/dev/cliproxy/control/bootstrap/http/openapi.yaml", "/assets/../index.html/..")) {
            TestApi.RawResponse answer = api.rawGet(outside);
            assertFalse(answer.status() == 200 && !answer.text().contains("<!doctype html>"), outside + ": " + answer.text());
        }
        assertEquals(404, api.raw("POST", "/", Map.of(), new byte[0]).status());
    }

    @Test
    void onLoopbackAPageRequestFromAnotherSiteIsRefusedLikeAnyOther() throws IOException {
        TestApi.RawResponse refused = api.raw("GET", "/assets/app.js", Map.of("Origin", "http://evil.example"), null);
        assertEquals(403, refused.status());
        assertEquals(403, api.raw("GET", "/", Map.of("Sec-Fetch-Site", "cross-site"), null).status());
    }

    @Test
    void withATokenThePageIsServedWithoutItAndEverythingElseStillNeedsIt() throws Exception {
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).build();
             HttpServerHandle server = control.serveHttp(HttpServerOptions.defaults().withPort(0)
                     .withToken("page-test-token"))) {
            TestHttpClient http = TestHttpClient.at(server.uri());
            for (String path : List.of("/", "/index.html", "/assets/app.js", "/assets/style.css", "/assets/icon.svg")) {
                HttpResponse<String> file = http.get(path);
                assertEquals(200, file.statusCode(), path);
                assertFalse(file.body().contains("page-test-token"), path);
            }
            assertEquals(200, http.send(http.request("/assets/app.js").method("HEAD",
                    HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.discarding()).statusCode());
            for (String path : List.of("/api/cliproxy/proxy-status", "/api/cliproxy/openapi.yaml", "/health",
                    "/assets/app.js/../../api/cliproxy/config.yaml", "/assets/%2e%2e/api/cliproxy/config.yaml",
                    "/api/cliproxy/../../assets/app.js")) {
                assertEquals(401, http.get(path).statusCode(), path);
            }
            assertEquals(401, http.post("/").statusCode(), "only reads of the page's files go without the token");
            assertEquals(200, http.get("/api/cliproxy/proxy-status", "Authorization", "Bearer page-test-token")
                    .statusCode());
        }
    }

    @Test
    void thePagesFilesAreRecognisedByTheirRawPathOnly() {
        for (String path : List.of("/", "/index.html", "/assets/app.js", "/assets/style.css", "/assets/icon.svg")) {
            assertTrue(DashboardPage.isPageFile(io.helidon.http.Method.GET, path), path);
            assertTrue(DashboardPage.isPageFile(io.helidon.http.Method.HEAD, path), path);
            assertFalse(DashboardPage.isPageFile(io.helidon.http.Method.POST, path), path);
        }
        for (String path : List.of("", "/index.htm", "/assets/", "/assets/App.js", "/assets/a/b.js", "/assets/../x.js",
                "/assets/%2e%2e.js", "/assets/app.js/", "/assets/app.json", "/api/cliproxy/proxy-status", "/health",
                "//", "/assets/app.js;x")) {
            assertFalse(DashboardPage.isPageFile(io.helidon.http.Method.GET, path), path);
        }
    }
}
