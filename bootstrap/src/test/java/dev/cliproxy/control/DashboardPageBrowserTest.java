package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Upstream;
import dev.cliproxy.control.domain.model.UsageQuery;
import dev.cliproxy.control.testing.StandInUsage;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.Archives;
import dev.cliproxy.control.testkit.arbitrary.SampleErrorLogs;
import dev.cliproxy.control.testkit.http.LoopbackStub;
import dev.cliproxy.control.testkit.http.TestHttpClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard page in a real browser (headless Chromium through the system's chromedriver), against the real
 * server on a temp CCS directory with the stand-in proxy, a loopback release feed and loopback provider quota APIs.
 * Each test leaves the proxy stopped. Screenshots of each screen go to {@code target/screenshots/}; with
 * {@code -Ddashboard.readme=true} they also replace the README's ({@code bootstrap/docs/}). Skipped, saying why,
 * where Chromium or its driver is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(HeadlessChromium.Required.class)
class DashboardPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path README_IMAGES = Path.of("docs");
    private static final String NEEDLE = "NEEDLE-NEAR-THE-END";
    private static final String REMOTE_KEY = "remote-management-key-42";

    private StandInFixture fixture;
    private ReleaseFeedStub feed;
    private LoopbackStub providers;
    private Path binary;
    private CliProxyControl control;
    private HttpServerHandle server;
    private HeadlessChromium browser;
    private ChromeDriver driver;
    private int visits;

    @BeforeAll
    void start(@TempDir Path temp) throws IOException {
        fixture = new StandInFixture(temp).config();
        binary = InstallTest.installOld(fixture);
        feed = new ReleaseFeedStub();
        // Published before the page's first update check, whose answer is cached; held half-way until the test
        // of the upgrade lets it go, so that the page shows the download in progress.
        feed.publish(InstallTest.NEW, releaseOfSomeMegabytes(InstallTest.NEW));
        feed.serving(ReleaseFeedStub.Serving.HELD);
        providers = LoopbackStub.replying(request -> request.path().contains("oauth/usage")
                ? LoopbackStub.Reply.json(200, claudeUsage()) : LoopbackStub.Reply.json(200, codexUsage()));
        Files.writeString(fixture.layout.controlSettingsFile(),
                "supervision:\n  enabled: true\n  initialBackoff: 100ms\n");
        control = fixture.track(CliProxyControl.builder().ccsDirectory(fixture.layout.ccsDirectory())
                .environment(Map.of()).startupTimeout(StandInFixture.WAIT)
                .upstream(Upstream.GITHUB, feed.uri())
                .upstream(QuotaProvider.CODEX.upstream().orElseThrow(), providers.uri())
                .upstream(QuotaProvider.CLAUDE.upstream().orElseThrow(), providers.uri())
                .build());
        server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        browser = HeadlessChromium.start(temp.resolve("browser"), 1100, 820);
        driver = browser.driver;
    }

    @AfterAll
    void stop() throws IOException {
        if (browser != null) {
            browser.close();
        }
        if (fixture != null) {
            fixture.cleanUp();
        }
        if (feed != null) {
            feed.close();
        }
        if (providers != null) {
            providers.close();
        }
    }

    @AfterEach
    void nothingWasRefusedAndNothingLeftTheOrigin() throws IOException {
        fixture.recordedPid();
        control.proxy().stop();
        List<String> problems = browser.console().stream().map(LogEntry::getMessage)
                .filter(text -> text.contains("Content Security Policy") || text.contains("Refused")
                        || text.contains("Uncaught") || text.contains("TypeError") || text.contains("Trusted Type"))
                .toList();
        assertEquals(List.of(), problems, "the console shows no refusal and no script error");
        assertEverythingCameFrom(server);
    }

    /** Every file and call of the page shown came from {@code from}'s origin. */
    private void assertEverythingCameFrom(HttpServerHandle from) {
        @SuppressWarnings("unchecked")
        List<String> loaded = (List<String>) js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".concat([location.href])");
        String origin = from.uri().toString();
        assertTrue(loaded.stream().allMatch(url -> url.startsWith(origin + "/")),
                "every request went to " + origin + ": " + loaded);
    }

    @Test
    void theProxyIsStartedAndItsCrashAndRestartAreSeenWithoutAReload() throws IOException {
        open("proxy");
        waitForText(By.id("proxy-state"), "Stopped");
        js("window.notReloaded = true");

        click(By.id("proxy-start"));
        waitForText(By.id("proxy-state"), "Running");
        long pid = fixture.recordedPid().orElseThrow();
        waitForText(By.id("proxy-facts"), Long.toString(pid));
        waitForText(By.id("proxy-facts"), Integer.toString(fixture.port));
        waitForText(By.id("supervision-facts"), "yes");

        // A change made elsewhere: the proxy dies, supervision starts it again; the page hears both.
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        waitForText(By.id("crash-history"), "Crashed");
        waitForText(By.id("crash-history"), "Restarted");
        waitForText(By.id("proxy-state"), "Running");
        long restarted = fixture.recordedPid().orElseThrow();
        waitForText(By.id("proxy-facts"), Long.toString(restarted));
        screenshot("proxy");

        click(By.id("proxy-stop"));
        waitForText(By.id("proxy-state"), "Stopped");
        waitForText(By.id("proxy-message"), "Stopped (PID " + restarted + ")");
        assertEquals(Boolean.TRUE, js("return window.notReloaded === true"), "the page was never reloaded");
    }

    @Test
    void errorLogsAreListedFilteredAndAMultiMegabyteLogIsShownAWindowAtATime() throws IOException {
        Path logs = Files.createDirectories(fixture.layout.logsDirectory());
        writeLog(logs, "error-v1-chat-completions-2026-11-30T100000-aaaa0001.log", SampleErrorLogs.v7("gpt-5", 429), 3);
        writeLog(logs, "error-v1-messages-2026-11-30T100500-aaaa0002.log",
                SampleErrorLogs.v7("gemini-3-pro-preview", 500), 2);
        String big = bigLog();
        assertTrue(big.length() > 5_000_000, "a multi-megabyte log: " + big.length());
        String bigName = "error-v1-messages-2026-11-30T101000-aaaa0003.log";
        writeLog(logs, bigName, big, 1);

        open("logs");
        waitFor(d -> rows(By.cssSelector("#log-list tr")) == 3, "three logs listed");
        String newest = driver.findElement(By.cssSelector("#log-list tr")).getText();
        assertTrue(newest.contains("502") && newest.contains("claude-sonnet-4-5"), "newest first: " + newest);
        select(By.id("log-status-filter"), "429");
        waitFor(d -> rows(By.cssSelector("#log-list tr")) == 1, "one log of status 429");
        assertTrue(driver.findElement(By.id("log-list")).getText().contains("gpt-5"));
        select(By.id("log-status-filter"), "");
        select(By.id("log-model-filter"), "gemini-3-pro-preview");
        waitFor(d -> rows(By.cssSelector("#log-list tr")) == 1
                && driver.findElement(By.id("log-list")).getText().contains("500"), "one log of that model");
        select(By.id("log-model-filter"), "");

        long before = System.nanoTime();
        click(By.cssSelector("#log-list tr a.log-open"));
        waitForText(By.id("log-status"), "lines");
        long shownMillis = (System.nanoTime() - before) / 1_000_000;
        long lines = big.lines().count();
        waitForText(By.id("log-status"), String.format(Locale.US, "%,d lines", lines));
        int inDom = rows(By.cssSelector("#log-rows .log-row"));
        assertTrue(inDom > 10 && inDom < 200, lines + " lines, " + inDom + " rows in the DOM");
        assertTrue(driver.getCurrentUrl().contains("name=" + bigName), driver.getCurrentUrl());

        WebElement search = driver.findElement(By.id("log-search"));
        search.sendKeys(NEEDLE, Keys.ENTER);
        waitForText(By.id("log-found"), "1 of 1");
        waitFor(d -> !d.findElements(By.cssSelector("#log-rows .log-row.hit mark")).isEmpty()
                && d.findElement(By.cssSelector("#log-rows .log-row.hit mark")).getText().equals(NEEDLE),
                "the match shown, marked");
        selectByTextPrefix(By.id("log-sections"), "RESPONSE (");
        waitFor(d -> d.findElement(By.id("log-rows")).getText().contains("Status: 502"), "jumped to the response");
        js("document.getElementById('viewer-title').scrollIntoView()");
        assertFitsWidth("the error log viewer");
        screenshot("error-logs");
        System.out.printf("error log of %,d bytes and %,d lines shown in %d ms with %d rows in the DOM%n",
                big.length(), lines, shownMillis, inDom);
    }

    @Test
    void aConfigSaveShowsWhereTheYamlIsInvalidThenSavesAConflictIsComparedAndTheBackupRestored()
            throws IOException {
        Path config = fixture.layout.proxyConfigFile(fixture.port);
        String original = Files.readString(config);
        open("config");
        waitFor(d -> original.equals(editor()), "the editor holds the file");
        assertEquals(original.split("\n").length + 1, rows(By.cssSelector("#config-gutter span")));

        int brokenLine = original.split("\n").length + 1;
        setEditor(original + "\tdebug: true\nrequest-retry: 3\n");
        click(By.id("config-save"));
        waitForText(By.id("config-error"), "invalid YAML");
        String error = driver.findElement(By.id("config-error")).getText();
        assertTrue(error.contains("line " + brokenLine + ", column 1:"), error);
        assertEquals(String.valueOf(brokenLine), driver.findElement(By.cssSelector("#config-gutter span.error")).getText());
        assertEquals(original, Files.readString(config), "nothing written");
        screenshot("config");

        String saved = original + "debug: true\n";
        setEditor(saved);
        click(By.id("config-save"));
        waitForText(By.id("config-saved"), "Saved to " + config);
        assertEquals(saved, Files.readString(config));
        assertTrue(driver.findElements(By.cssSelector("#config-gutter span.error")).isEmpty());

        // Someone else saves meanwhile: the next save is refused (If-Match), compared, and theirs taken.
        String theirs = original + "debug: false\n";
        Files.writeString(config, theirs);
        setEditor(original + "request-retry: 3\n");
        click(By.id("config-save"));
        waitForText(By.id("config-conflict"), "changed on disk");
        click(By.id("config-reload-compare"));
        waitForText(By.id("config-diff"), "- debug: false");
        waitForText(By.id("config-diff"), "+ request-retry: 3");
        click(By.id("config-take-theirs"));
        waitFor(d -> theirs.equals(editor()), "the editor holds their file");
        assertEquals(theirs, Files.readString(config));

        // The backup is what the page's own save replaced.
        click(By.id("config-backup"));
        waitForText(By.id("config-backup-diff"), "+ debug: false");
        click(By.id("config-restore"));
        waitForText(By.id("config-saved"), "backup was restored");
        assertEquals(original, Files.readString(config));
        assertEquals(original, editor());
    }

    @Test
    void anAccountShowsItsTokenHealthAndQuotaAndIsPausedAndResumed() throws IOException {
        Path auth = Files.createDirectories(fixture.layout.authDirectory());
        Files.writeString(auth.resolve("codex-user@example.com.json"), """
                {"type":"codex","email":"user@example.com","access_token":"SECRET-MARKER","account_id":"acct-1",
                 "expired":"%s"}""".formatted(Instant.now().plus(Duration.ofDays(20))));
        Files.writeString(auth.resolve("claude-ops@example.com.json"), """
                {"type":"claude","email":"ops@example.com","access_token":"SECRET-MARKER","expired":"%s"}"""
                .formatted(Instant.now().plus(Duration.ofHours(5))));
        By codex = By.cssSelector("[data-account='codex/codex-user@example.com']");
        By claude = By.cssSelector("[data-account='claude/claude-ops@example.com']");

        open("accounts");
        waitForText(codex, "Token valid");
        waitForText(claude, "Token expiring");
        waitFor(d -> d.findElement(codex).findElements(By.cssSelector(".quota .bar")).size() == 1, "codex's bar");
        waitForText(codex, "75% left");
        waitForText(codex, "resets in 2h");
        waitFor(d -> d.findElement(claude).findElements(By.cssSelector(".quota .bar")).size() == 2, "claude's bars");
        waitForText(claude, "38% left");
        assertFalse(driver.getPageSource().contains("SECRET-MARKER"), "no token on the page");
        waitForText(By.id("add-account"), "Sign in through the proxy");
        waitForText(By.id("add-account"), "Import a token file");
        waitForText(By.id("automation-policy"), "The quota automation is off");
        waitForText(By.id("alerts"), "None: add them under alerts.webhooks");
        waitForText(By.id("auth-file-list"), "claude-ops@example.com.json");
        waitForText(By.id("auth-file-list"), "codex-user@example.com.json");
        assertFitsWidth("accounts");
        screenshot("accounts");
        driver.manage().window().setSize(new Dimension(390, 844));
        try {
            assertFitsWidth("accounts at 390 px");
        } finally {
            driver.manage().window().setSize(new Dimension(1100, 820));
        }

        click(By.cssSelector("[data-account='codex/codex-user@example.com'] .account-pause"));
        waitForText(codex, "Paused (by a person)");
        assertTrue(Files.exists(fixture.layout.pausedAuthDirectory().resolve("codex-user@example.com.json")));
        click(By.cssSelector("[data-account='codex/codex-user@example.com'] .account-pause"));
        waitForText(codex, "Active");
        assertTrue(Files.exists(auth.resolve("codex-user@example.com.json")));
    }

    @Test
    void anUpgradeIsFollowedFromTheDownloadToThePromotionThenRolledBack() throws IOException {
        open("proxy");
        waitForText(By.id("update-available"), "Update available: " + InstallTest.NEW);
        waitForText(By.id("current-version"), InstallTest.OLD);
        click(By.id("install"));
        // The feed holds the download half-way: the bar shows it in progress.
        waitFor(d -> Boolean.TRUE.equals(js("const bar = document.getElementById('install-progress');"
                + " return bar !== null && bar.value > 0 && bar.value < bar.max")), "the download in progress");
        waitForText(By.id("install-bytes"), " of ");
        screenshot("upgrade");

        feed.letHeldGo();
        waitForText(By.id("install-result"), "Installed " + InstallTest.NEW + " (was " + InstallTest.OLD + ")");
        assertEquals(4, rows(By.cssSelector("#install-steps li.done")), "download, verify, try, promote");
        assertEquals(Boolean.TRUE, js("const bar = document.getElementById('install-progress');"
                + " return bar.value === bar.max"), "the whole download");
        waitForText(By.id("current-version"), InstallTest.NEW);
        assertEquals(InstallTest.launcher(InstallTest.NEW), Files.readString(binary));

        click(By.id("rollback"));
        waitForText(By.id("install-result"), "Rolled back to " + InstallTest.OLD);
        waitForText(By.id("current-version"), InstallTest.OLD);
        assertEquals(InstallTest.launcher(InstallTest.OLD), Files.readString(binary));
    }

    @Test
    void everySectionIsServedByThisServerAndNoneSaysItIsNotAvailable() {
        Map<String, By> loaded = Map.of(
                "proxy", By.id("version-facts"),
                "logs", By.id("log-count"),
                "config", By.id("config-state"),
                "accounts", By.id("alerts"),
                "fleet", By.id("fleet-instances"),
                "usage", By.id("usage-collector"),
                "settings", By.id("settings-state"));
        Map<String, String> shows = Map.of("proxy", "Installed", "logs", "newest first", "config", "Saved",
                "accounts", "Webhooks", "fleet", "local", "usage", "The collector is off here", "settings", "Saved");
        for (String section : List.of("proxy", "logs", "config", "accounts", "fleet", "usage", "settings")) {
            open(section);
            waitForText(loaded.get(section), shows.get(section));
            assertEquals(List.of(), driver.findElements(By.cssSelector(".unavailable")).stream()
                    .filter(WebElement::isDisplayed).map(WebElement::getText).toList(), section);
        }
        assertTrue(editorOf("settings-editor").contains("\"initialBackoff\": \"100ms\""),
                "the settings as the file has them: " + editorOf("settings-editor"));
    }

    @Test
    void itFollowsTheSystemsColoursFitsANarrowWindowAndWorksFromTheKeyboard() throws IOException {
        try {
            browser.colorScheme("dark");
            open("proxy");
            waitForText(By.id("proxy-state"), "Stopped");
            assertEquals("rgb(17, 21, 28)", js("return getComputedStyle(document.body).backgroundColor"));
            screenshot("proxy-dark");
            browser.colorScheme("light");
            assertEquals("rgb(246, 247, 249)", js("return getComputedStyle(document.body).backgroundColor"));

            driver.manage().window().setSize(new Dimension(390, 844));
            for (String section : List.of("proxy", "logs", "config", "accounts", "fleet", "usage", "settings")) {
                open(section);
                waitFor(d -> d.findElement(By.id(section)).isDisplayed(), section + " shown");
                assertFitsWidth(section + " at 390 px");
            }
            open("proxy");
            waitForText(By.id("proxy-state"), "Stopped");
            screenshot("narrow");
        } finally {
            browser.colorScheme("light");
            driver.manage().window().setSize(new Dimension(1100, 820));
        }

        open("proxy");
        waitForText(By.id("proxy-state"), "Stopped");
        js("document.activeElement.blur()");
        Actions keys = new Actions(driver);
        for (int i = 0; i < 12 && !"Error logs".equals(js("return document.activeElement.textContent")); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals("Error logs", js("return document.activeElement.textContent"), "the menu is reached by Tab");
        assertEquals(Boolean.TRUE, js("return document.activeElement.matches(':focus-visible')"), "focus is shown");
        keys.sendKeys(Keys.ENTER).perform();
        waitFor(d -> d.getCurrentUrl().endsWith("#/logs"), "Enter opens the section");
        waitFor(d -> "logs-title".equals(js("return document.activeElement.id")), "focus moves to its heading");
    }

    @Test
    void beyondLoopbackThePageAsksForTheTokenOnceAndKeepsItInThisTabOnly(@TempDir Path downloads) throws IOException {
        try (HttpServerHandle guarded = control.serveHttp(HttpServerOptions.defaults().withPort(0)
                .withToken("browser-test-token"))) {
            driver.get(guarded.uri() + "/#/proxy");
            waitFor(d -> !d.findElements(By.id("token-dialog")).isEmpty()
                    && d.findElement(By.id("token-dialog")).isDisplayed(), "the token is asked for");
            assertEquals(1, rows(By.id("token-dialog")), "one question for every request waiting");
            driver.findElement(By.id("token-input")).sendKeys("browser-test-token", Keys.ENTER);
            waitForText(By.id("proxy-state"), "Stopped");
            waitForText(By.id("live"), "Live");
            waitForText(By.id("version-facts"), InstallTest.OLD);
            assertTrue(driver.findElements(By.id("token-dialog")).isEmpty(), "asked once");
            assertEquals("browser-test-token", js("return sessionStorage.getItem('cliproxy-control.token')"));
            assertEquals(0L, js("return localStorage.length"));
            assertEquals("", js("return document.cookie"));

            // A link cannot send the token: the export is fetched with it and handed to the browser as a file.
            browser.downloadsTo(downloads);
            js("location.hash = '#/usage'");
            click(By.id("usage-export-csv"));
            waitFor(d -> csvDownloaded(downloads).isPresent(), "the CSV export downloaded");
            assertTrue(Files.readString(csvDownloaded(downloads).orElseThrow()).startsWith("request_id,time,"));
            assertTrue(driver.findElements(By.id("token-dialog")).isEmpty(), "the token was not asked again");
        } finally {
            // Back to the main server, so that the check after each test looks at its page.
            open("proxy");
        }
    }

    @Test
    void aProxyOnAnotherHostIsAddedSeenInTheFleetTableAndEachOfItsPagesOpens(@TempDir Path temp) throws Exception {
        try (OwnServer own = new OwnServer(temp.resolve("own"), builder -> builder
                .upstream(QuotaProvider.CODEX.upstream().orElseThrow(), providers.uri()));
             RemoteStandIn remote = RemoteStandIn.start(temp.resolve("remote"), REMOTE_KEY,
                     "stand-in-version: 7.2.140")) {
            writeLog(remote.layout.logsDirectory(), "error-v1-chat-completions-2026-11-30T120000-bbbb0001.log",
                    SampleErrorLogs.v7("gpt-5-far", 429), 1);
            Files.writeString(remote.layout.authDirectory().resolve("codex-far@example.com.json"),
                    "{\"type\":\"codex\",\"email\":\"far@example.com\",\"access_token\":\"SECRET-MARKER\"}");
            own.open("fleet");
            waitFor(d -> rows(By.cssSelector("#fleet-instances tbody tr")) == 1, "this server's own proxy listed");
            type(By.id("fleet-name"), "Home server");
            type(By.id("fleet-url"), remote.baseUrl().toString());
            type(By.id("fleet-key"), REMOTE_KEY);
            click(By.id("fleet-add"));
            waitForText(By.id("fleet-register-result"), "Added Home server (home-server)");
            String homeRow = "#fleet-instances tr[data-instance='home-server']";
            By home = By.cssSelector(homeRow);
            waitForText(home, "ready");
            waitForText(home, "7.2.140");
            waitForText(home, remote.baseUrl().toString());
            assertEquals(2, rows(By.cssSelector("#fleet-instances tbody tr")), "every instance in one table");
            waitForText(By.cssSelector("#fleet-instances tr[data-instance='local-" + own.fixture.port + "']"),
                    "stopped");
            assertFalse(driver.getPageSource().contains(REMOTE_KEY), "the management key is never shown");
            assertFitsWidth("the fleet");
            screenshot("fleet");

            // Its own pages, through /api/fleet/instances/home-server/...
            click(By.cssSelector(homeRow + " a[data-page='proxy']"));
            waitForText(By.id("instance-name"), "home-server");
            waitForText(By.id("proxy-state"), "Running");
            waitForText(By.id("proxy-facts"), remote.baseUrl().toString());
            waitForText(By.id("proxy-facts"), "ready");
            assertFalse(driver.findElement(By.id("proxy-start")).isEnabled(), "a remote proxy is started on its host");
            waitForText(By.id("models-count"), "models");

            click(By.cssSelector("nav a[data-section='logs']"));
            waitFor(d -> rows(By.cssSelector("#log-list tr a.log-open")) == 1, "the remote's one log");
            waitForText(By.id("log-list"), "error-v1-chat-completions-2026-11-30T120000-bbbb0001.log");
            click(By.cssSelector("#log-list tr a.log-open"));
            waitForText(By.id("log-status"), "lines");
            waitForText(By.id("log-rows"), "REQUEST INFO");
            assertTrue(driver.getCurrentUrl().contains("instance=home-server"), driver.getCurrentUrl());

            click(By.cssSelector("nav a[data-section='config']"));
            waitFor(d -> editor().contains("port: " + remote.port), "the remote's config in the editor");
            assertFalse(driver.findElement(By.id("config-backup")).isDisplayed(), "no backup route for an instance");

            click(By.cssSelector("nav a[data-section='accounts']"));
            waitForText(By.id("auth-file-list"), "codex-far@example.com.json");
            assertTrue(driver.findElement(By.cssSelector("#auth-file-list a")).getDomAttribute("href")
                    .startsWith("/api/fleet/instances/home-server/auth-files/download?name="));
            click(By.id("instance-quota-load"));
            waitForText(By.cssSelector("#instance-quota [data-account='codex/codex-far@example.com']"), "75% left");
            assertFalse(driver.getPageSource().contains("SECRET-MARKER"), "no token on the page");
            assertEverythingCameFrom(own.server);

            click(By.cssSelector("#context a"));
            click(By.cssSelector("nav a[data-section='fleet']"));
            waitForText(home, "ready");
            click(By.id("fleet-quota-load"));
            waitForText(By.cssSelector("#fleet-quota-table tr[data-account='home-server/codex/codex-far@example.com']"),
                    "75% left");
            click(By.cssSelector(homeRow + " button"));
            acceptConfirm();
            waitFor(d -> d.findElements(home).isEmpty(), "the remote forgotten");
            assertEquals(1, rows(By.cssSelector("#fleet-instances tbody tr")));
        } finally {
            open("proxy");
        }
    }

    @Test
    void theCollectorTurnedOnInTheSettingsDrainsTheStandInsUsageAndTheTotalsShow(@TempDir Path temp)
            throws Exception {
        int total = 40;
        try (OwnServer own = new OwnServer(temp, builder -> builder, "stand-in-usage-rate: 200",
                "stand-in-usage-total: " + total, "remote-management:", "  secret-key: \"ccs\"")) {
            own.open("settings");
            waitFor(d -> editorOf("settings-editor").contains("\"supervision\""), "the settings read");
            setEditor("settings-editor", "{\"usage\": {\"enabled\": true, \"interval\": \"soon\"}}");
            click(By.id("settings-save"));
            waitForText(By.id("settings-error"), "usage.interval");
            setEditor("settings-editor", "{\"usage\": {\"enabled\": true, \"interval\": \"200ms\"}}");
            click(By.id("settings-save"));
            waitForText(By.id("settings-saved"), "Saved");
            assertTrue(editorOf("settings-editor").contains("\"interval\": \"200ms\""), editorOf("settings-editor"));
            screenshot("settings");

            click(By.cssSelector("nav a[data-section='proxy']"));
            click(By.id("proxy-start"));
            waitForText(By.id("proxy-state"), "Running");
            // The collector drains the stand-in's queue on its own, every 200 ms.
            Await.until(() -> own.control.usage().report(new UsageQuery(Instant.EPOCH, Instant.now().plusSeconds(60),
                    List.of())).totals().requests() == total, WAIT, "the collector to store all " + total + " records");

            click(By.cssSelector("nav a[data-section='usage']"));
            By requests = By.cssSelector("#usage-totals [data-total='requests'] strong");
            waitFor(d -> d.findElement(requests).getText().equals(String.valueOf(total)), "the total of requests");
            long input = LongStream.rangeClosed(1, total).map(StandInUsage::inputTokens).sum();
            assertEquals(String.format(Locale.US, "%,d", input),
                    driver.findElement(By.cssSelector("#usage-totals [data-total='inputTokens'] strong")).getText());
            waitForText(By.id("usage-collector"), "Collecting: collecting");
            for (String model : StandInUsage.MODELS) {
                waitForText(By.id("usage-by-model"), model);
            }
            waitForText(By.id("usage-by-day"), java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
            assertEquals(total, rows(By.cssSelector("#usage-request-list tbody tr")));
            String csv = (String) js("return fetch(document.getElementById('usage-export-csv').href)"
                    + ".then(r => r.text())");
            assertEquals(total + 1, csv.lines().count(), "the export link: a header and every record");
            assertFitsWidth("usage");
            screenshot("usage");
            assertEverythingCameFrom(own.server);
        } finally {
            open("proxy");
        }
    }

    @Test
    void anAccountIsSignedInThroughTheProxyAnotherImportedThenRemovedAndRestored(@TempDir Path temp)
            throws Exception {
        try (OwnServer own = signInServer(temp)) {
            startCodexSignIn(own);
            // The stand-in's consent page plays the provider and the person who consents, in a tab of its own.
            String page = driver.getWindowHandle();
            click(By.id("login-url"));
            waitFor(d -> d.getWindowHandles().size() == 2, "the sign-in page opened in a new tab");
            String consent = driver.getWindowHandles().stream().filter(h -> !h.equals(page)).findFirst().orElseThrow();
            driver.switchTo().window(consent);
            waitFor(d -> "complete".equals(js("return document.readyState")), "the consent page loaded");
            driver.close();
            driver.switchTo().window(page);
            waitForText(By.id("login-done"), "Added stand-in@example.com.");
            By signedIn = By.cssSelector("[data-account='codex/codex-stand-in@example.com']");
            waitForText(signedIn, "75% left");
            assertTrue(Files.exists(own.fixture.layout.authDirectory().resolve("codex-stand-in@example.com.json")));
            screenshot("sign-in");

            Path tokenFile = temp.resolve("exported.json");
            Files.writeString(tokenFile, """
                    {"type":"claude","email":"imported@example.com","access_token":"SECRET-MARKER","expired":"%s"}"""
                    .formatted(Instant.now().plus(Duration.ofDays(20))));
            driver.findElement(By.id("import-file")).sendKeys(tokenFile.toString());
            click(By.id("import"));
            waitForText(By.id("import-result"), "Imported imported@example.com.");
            By imported = By.cssSelector("[data-account='claude/claude-imported@example.com']");
            waitForText(imported, "Token valid");
            waitForText(imported, "38% left");
            waitForText(By.id("auth-file-list"), "claude-imported@example.com.json");

            click(By.cssSelector("[data-account='claude/claude-imported@example.com'] .account-remove"));
            acceptConfirm();
            waitFor(d -> d.findElements(imported).isEmpty(), "the removed account gone from the list");
            waitForText(By.id("removed-list"), "claude · imported@example.com");
            assertFalse(Files.exists(own.fixture.layout.authDirectory().resolve("claude-imported@example.com.json")));
            click(By.cssSelector("#removed-list .restore-removed"));
            waitForText(By.id("restore-result"), "Restored imported@example.com.");
            waitForText(imported, "Token valid");
            assertTrue(Files.exists(own.fixture.layout.authDirectory().resolve("claude-imported@example.com.json")));
            assertFalse(driver.getPageSource().contains("SECRET-MARKER"), "no token on the page");
            assertEverythingCameFrom(own.server);
        } finally {
            open("proxy");
        }
    }

    @Test
    void theAutomationPausesAnAccountWhoseQuotaRanLowSaysWhyAndTheSignedWebhookDeliveryShows(@TempDir Path temp)
            throws Exception {
        try (LoopbackStub low = LoopbackStub.replying(request -> LoopbackStub.Reply.json(200, codexUsage(97)));
             LoopbackStub hook = LoopbackStub.replying(request -> LoopbackStub.Reply.json(200, "{}"));
             OwnServer own = new OwnServer(temp, builder -> builder
                     .upstream(QuotaProvider.CODEX.upstream().orElseThrow(), low.uri()))) {
            Path auth = Files.createDirectories(own.fixture.layout.authDirectory());
            Files.writeString(auth.resolve("codex-busy@example.com.json"), """
                    {"type":"codex","email":"busy@example.com","access_token":"SECRET-MARKER","account_id":"acct-2",
                     "expired":"%s"}""".formatted(Instant.now().plus(Duration.ofDays(20))));
            By busy = By.cssSelector("[data-account='codex/codex-busy@example.com']");
            own.open("accounts");
            waitForText(busy, "Active");
            waitForText(By.id("automation-policy"), "The quota automation is off");

            // Turned on in the settings, with a signed webhook; the page stays open and hears what follows.
            click(By.cssSelector("#automation-policy a"));
            waitFor(d -> editorOf("settings-editor").contains("\"supervision\""), "the settings read");
            setEditor("settings-editor", """
                    {"automation": {"enabled": true, "providers": ["codex"], "pollInterval": "10s"},
                     "alerts": {"webhooks": {"ops": {"url": "%s/hook", "secret": "webhook-secret",
                                                     "events": ["account-paused", "quota-low"]}}}}"""
                    .formatted(hook.uri()));
            click(By.id("settings-save"));
            waitForText(By.id("settings-saved"), "Saved");
            assertFalse(editorOf("settings-editor").contains("webhook-secret"), "a secret is never shown");

            click(By.cssSelector("nav a[data-section='accounts']"));
            waitForText(By.id("automation-feed"), "Paused codex · codex-busy@example.com");
            waitForText(By.id("automation-feed"), "its quota ran low");
            waitForText(By.id("automation-feed"), "Quota low on codex");
            waitForText(busy, "Paused (by the quota automation)");
            waitForText(busy, "when its quota resets");
            waitForText(By.id("automation-policy"), "On: pauses an account when a quota has 5% or less left");
            // The values the settings leave out are the server's defaults, read from its API.
            waitForText(By.id("automation-policy"), "tells quota-low at 20%; asks every 10s (codex)");
            assertTrue(TestHttpClient.at(own.server.uri()).get("/metrics").body().lines().anyMatch(line -> line
                    .startsWith("cliproxy_http_server_requests_seconds_count{method=\"GET\","
                            + "route=\"/api/cliproxy/control-settings/defaults\",status=\"200\"}")),
                    "the page asked the server for the automation's defaults");
            waitForText(By.id("webhooks"), "ops");
            waitFor(d -> d.findElements(By.cssSelector("#deliveries tbody tr")).stream()
                    .anyMatch(row -> row.getText().contains("account-paused") && row.getText().contains("delivered")),
                    "the account-paused delivery delivered");
            assertTrue(Files.exists(own.fixture.layout.pausedAuthDirectory().resolve("codex-busy@example.com.json")));
            assertTrue(hook.requests().stream().allMatch(r -> r.header("X-CliProxy-Signature") != null),
                    "signed deliveries");
            assertFalse(driver.getPageSource().contains("webhook-secret"), "no secret on the page");
            screenshot("alerts");
            assertEverythingCameFrom(own.server);
        } finally {
            open("proxy");
        }
    }

    @Test
    void settingsSavedMeanwhileByAnotherClientAreComparedThenTheirsOrMineKept(@TempDir Path temp) throws Exception {
        try (OwnServer own = new OwnServer(temp, builder -> builder)) {
            Path file = own.fixture.layout.controlSettingsFile();
            TestHttpClient other = TestHttpClient.at(own.server.uri() + "/api/cliproxy");
            own.open("settings");
            waitFor(d -> editorOf("settings-editor").contains("\"supervision\""), "the settings read");

            // Another client saves after the page read them: the page's save is refused, theirs stays.
            assertEquals(200, other.put("/control-settings", "{\"usage\": {\"retentionDays\": 30}}",
                    "Content-Type", "application/json").statusCode());
            String mine = "{\"usage\": {\"retentionDays\": 7}}";
            setEditor("settings-editor", mine);
            click(By.id("settings-save"));
            waitForText(By.id("settings-conflict"), "the settings changed since they were read here");
            assertTrue(Files.readString(file).contains("retentionDays: 30"), "theirs not overwritten");
            click(By.id("settings-reload-compare"));
            waitForText(By.id("settings-diff"), "\"retentionDays\": 30");
            waitForText(By.id("settings-diff"), "+ " + mine);
            screenshot("settings-conflict");
            click(By.id("settings-take-theirs"));
            waitFor(d -> editorOf("settings-editor").contains("\"retentionDays\": 30"), "the editor holds theirs");
            waitForText(By.id("settings-message"), "Loaded the stored settings");
            assertTrue(driver.findElements(By.id("settings-conflict")).isEmpty(), "the conflict is resolved");

            // Again, and this time mine is saved over theirs, knowingly.
            assertEquals(200, other.put("/control-settings", "{\"usage\": {\"retentionDays\": 60}}",
                    "Content-Type", "application/json").statusCode());
            setEditor("settings-editor", mine);
            click(By.id("settings-save"));
            click(By.id("settings-reload-compare"));
            waitForText(By.id("settings-diff"), "\"retentionDays\": 60");
            click(By.id("settings-keep-mine"));
            waitForText(By.id("settings-saved"), "Saved");
            assertTrue(Files.readString(file).contains("retentionDays: 7"), Files.readString(file));
            assertTrue(editorOf("settings-editor").contains("\"retentionDays\": 7"), editorOf("settings-editor"));
            assertTrue(driver.findElements(By.id("settings-conflict")).isEmpty(), "the conflict is resolved");
            assertEverythingCameFrom(own.server);
        } finally {
            open("proxy");
        }
    }

    @Test
    void aSignInFinishedOnAnotherMachineIsCompletedByPastingTheAddressItEndedOn(@TempDir Path temp)
            throws Exception {
        try (OwnServer own = signInServer(temp)) {
            startCodexSignIn(own);
            String signIn = driver.findElement(By.id("login-url")).getDomProperty("href");

            // The person consents on another machine, whose browser is sent to a localhost address that answers
            // nothing there: they copy that address back.
            HttpResponse<Void> consented = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(signIn + "&email=elsewhere@example.com&redirect=1")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(302, consented.statusCode());
            String landedOn = consented.headers().firstValue("Location").orElseThrow();
            String state = URI.create(signIn).getQuery().replaceAll(".*state=([^&]+).*", "$1");
            assertTrue(landedOn.contains("state=" + state), landedOn);

            click(By.cssSelector("#login-flow details summary"));
            // One of another sign-in is refused, saying why; the sign-in goes on.
            type(By.id("login-redirect"), landedOn.replace("state=" + state, "state=another-sign-in"));
            click(By.id("login-paste"));
            waitForText(By.id("login-state"), "belongs to another sign-in");
            type(By.id("login-redirect"), landedOn);
            click(By.id("login-paste"));
            waitForText(By.id("login-done"), "Added elsewhere@example.com.");
            By signedIn = By.cssSelector("[data-account='codex/codex-elsewhere@example.com']");
            waitForText(signedIn, "75% left");
            assertTrue(Files.exists(own.fixture.layout.authDirectory().resolve("codex-elsewhere@example.com.json")));
            assertFalse(driver.getPageSource().contains(landedOn.replaceAll(".*code=([^&]+).*", "$1")),
                    "the code is not shown once sent");
            assertEverythingCameFrom(own.server);
        } finally {
            open("proxy");
        }
    }

    // --- helpers ---

    /**
     * A server whose proxy serves the sign-in flow (its management API on, the auth directory of its CCS directory),
     * with the Codex and Claude quota APIs on the providers' stub.
     */
    private OwnServer signInServer(Path temp) throws Exception {
        return new OwnServer(temp, builder -> builder
                .upstream(QuotaProvider.CODEX.upstream().orElseThrow(), providers.uri())
                .upstream(QuotaProvider.CLAUDE.upstream().orElseThrow(), providers.uri())
                .loginPollInterval(Duration.ofMillis(100)), "remote-management:", "  secret-key: \"ccs\"",
                "auth-dir: \"" + new CcsLayout(temp.resolve("ccs")).authDirectory() + "\"");
    }

    /** Starts the proxy on the page, then a Codex sign-in from the accounts page, until the page waits for it. */
    private void startCodexSignIn(OwnServer own) {
        own.open("proxy");
        click(By.id("proxy-start"));
        waitForText(By.id("proxy-state"), "Running");
        click(By.cssSelector("nav a[data-section='accounts']"));
        select(By.id("login-provider"), "codex");
        click(By.id("login-start"));
        waitForText(By.id("login-state"), "Waiting for the sign-in");
    }

    /**
     * A server of a test's own (a temp CCS directory, the stand-in with these config lines, every port from the OS),
     * for a test that changes its settings, accounts or fleet: the shared one stays as the other tests expect it.
     */
    private final class OwnServer implements AutoCloseable {

        final StandInFixture fixture;
        final CliProxyControl control;
        final HttpServerHandle server;

        OwnServer(Path dir, UnaryOperator<CliProxyControlBuilder> options, String... configLines)
                throws IOException {
            fixture = new StandInFixture(dir).config(configLines);
            control = fixture.track(options.apply(fixture.builder().environment(Map.of())).build());
            server = control.serveHttp(HttpServerOptions.defaults().withPort(0));
        }

        void open(String section) {
            openOn(server, section);
        }

        @Override
        public void close() throws IOException {
            try {
                server.close();
                control.proxy().stop();
            } finally {
                fixture.cleanUp();
            }
        }
    }

    /** Loads the page afresh on {@code section} (a new hash alone would not reload it) and waits for its events. */
    private void open(String section) {
        openOn(server, section);
    }

    /**
     * A query of its own makes each visit a new document in one navigation. A hop through {@code about:blank} did it
     * in two, and Chromium 150 at times committed the blank page after the second had begun, which then never ended.
     */
    private void openOn(HttpServerHandle on, String section) {
        driver.get(on.uri() + "/?visit=" + (++visits) + "#/" + section);
        waitForText(By.id("live"), "Live");
    }

    private void type(By element, String text) {
        WebElement field = driver.findElement(element);
        field.clear();
        field.sendKeys(text);
    }

    /** Accepts the page's {@code window.confirm}. */
    private void acceptConfirm() {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.alertIsPresent()).accept();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void waitFor(Function<WebDriver, Boolean> condition, String what) {
        waitFor(condition, () -> what);
    }

    private void waitForText(By element, String text) {
        waitFor(d -> d.findElements(element).stream().anyMatch(e -> e.getText().contains(text)),
                () -> element + " to show \"" + text + "\"");
    }

    private void waitFor(Function<WebDriver, Boolean> condition, Supplier<String> what) {
        try {
            // The page replaces what it re-renders: an element found a moment ago may be gone, so look again.
            new WebDriverWait(driver, WAIT).ignoring(StaleElementReferenceException.class).until(condition::apply);
        } catch (TimeoutException e) {
            throw new AssertionError(what.get() + "; the page shows:\n" + driver.findElement(By.tagName("main")).getText()
                    + "\n" + serverSide(), e);
        }
    }

    /** What the server says meanwhile, so that a failure tells the page's fault from the server's. */
    private String serverSide() {
        StringBuilder seen = new StringBuilder("the server's proxy-status now: ");
        try {
            seen.append(TestHttpClient.at(server.uri()).get("/api/cliproxy/proxy-status").body());
        } catch (IOException e) {
            seen.append(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            seen.append(e);
        }
        // Virtual threads too (the status watch runs on one), which Thread.getAllStackTraces leaves out.
        try {
            Path dump = Files.createTempFile("threads", ".txt");
            Files.delete(dump);
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            for (String thread : Files.readString(dump).split("\n\n")) {
                if (thread.contains("status-watch") || thread.contains("SharedCheck") || thread.contains("EventRoutes")
                        || thread.contains("WatchProxyStatusService") || thread.contains("SuperviseProxyService")) {
                    seen.append("\n").append(thread);
                }
            }
            Files.delete(dump);
        } catch (IOException | RuntimeException e) {
            seen.append("\nno thread dump: ").append(e);
        }
        return seen.append("\nthe browser's console: ").append(browser.console().stream().map(LogEntry::getMessage)
                .toList()).toString();
    }

    private void assertFitsWidth(String what) {
        assertEquals(Boolean.TRUE, js("return document.documentElement.scrollWidth"
                + " <= document.documentElement.clientWidth"), what + " fits the window without scrolling sideways");
    }

    /**
     * Clicks the element once it is enabled. The page may draw it again between the look and the click (a row of a
     * list it refreshes): the click then fails as stale, which the wait ignores, and the element is found anew.
     */
    private void click(By element) {
        waitFor(d -> {
            WebElement found = d.findElement(element);
            if (!found.isEnabled()) {
                return false;
            }
            found.click();
            return true;
        }, element + " enabled and clicked");
    }

    private int rows(By elements) {
        return driver.findElements(elements).size();
    }

    private void select(By element, String value) {
        new Select(driver.findElement(element)).selectByValue(value);
    }

    private void selectByTextPrefix(By element, String prefix) {
        Select select = new Select(driver.findElement(element));
        select.selectByVisibleText(select.getOptions().stream().map(WebElement::getText)
                .filter(text -> text.startsWith(prefix)).findFirst().orElseThrow());
    }

    private String editor() {
        return editorOf("config-editor");
    }

    private String editorOf(String id) {
        return driver.findElement(By.id(id)).getDomProperty("value");
    }

    /** Types a whole text into the editor at once (as a paste does), so that its input handler runs once. */
    private void setEditor(String text) {
        setEditor("config-editor", text);
    }

    private void setEditor(String id, String text) {
        ((JavascriptExecutor) driver).executeScript("const e = document.getElementById(arguments[0]);"
                + " e.value = arguments[1]; e.dispatchEvent(new Event('input'));", id, text);
    }

    private void screenshot(String name) throws IOException {
        Path file = SCREENSHOTS.resolve(name + ".png");
        browser.screenshot(file);
        if (Boolean.getBoolean("dashboard.readme")) {
            Files.createDirectories(README_IMAGES);
            Files.copy(file, README_IMAGES.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** A whole {@code usage-*.csv} in {@code dir} (Chromium writes a {@code .crdownload} until it is done). */
    private static java.util.Optional<Path> csvDownloaded(Path dir) {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("usage-\\d+-\\d+\\.csv")).findFirst();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void writeLog(Path logs, String name, String content, int minutesAgo) throws IOException {
        Path file = logs.resolve(name);
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(minutesAgo))));
    }

    /** A v7 log whose upstream request is a long conversation (120,000 lines and one line of 300,000 characters). */
    private static String bigLog() {
        String conversation = IntStream.range(0, 120_000)
                .mapToObj(i -> i == 110_000 ? "    {\"role\":\"user\",\"content\":\"" + NEEDLE + "\"},"
                        : "    {\"role\":\"user\",\"content\":\"message " + i + " of a long conversation\"},")
                .collect(Collectors.joining("\n"));
        return SampleErrorLogs.v7("claude-sonnet-4-5", 502).replace("{\"model\":\"upstream-model\",\"input\":[]}",
                "{\"model\":\"upstream-model\",\"input\":[\n" + conversation + "\n    {\"role\":\"tool\",\"content\":\""
                        + "x".repeat(300_000) + "\"}\n]}");
    }

    /**
     * A release archive of about 3 MB (the binary and incompressible notes): progress is told every mebibyte, so
     * the half the feed sends before holding the rest shows on the bar.
     */
    private static byte[] releaseOfSomeMegabytes(String version) throws IOException {
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(18).nextBytes(noise);
        return Archives.tarGz(List.of(Archives.Entry.file("LICENSE", "MIT\n"),
                Archives.Entry.file(Backend.ORIGINAL.binaryName(), InstallTest.launcher(version)),
                Archives.Entry.file("NOTES.txt", Base64.getMimeEncoder().encodeToString(noise))));
    }

    private static String codexUsage() {
        return codexUsage(25);
    }

    private static String codexUsage(int usedPercent) {
        long reset = Instant.now().plus(Duration.ofHours(2)).plusSeconds(59).getEpochSecond();
        return "{\"plan_type\":\"pro\",\"rate_limit\":{\"primary_window\":{\"used_percent\":" + usedPercent
                + ",\"limit_window_seconds\":18000,\"reset_at\":" + reset + "}}}";
    }

    private static String claudeUsage() {
        Instant now = Instant.now();
        return "{\"five_hour\":{\"utilization\":62,\"resets_at\":\"" + now.plus(Duration.ofMinutes(95)) + "\"},"
                + "\"seven_day\":{\"utilization\":18,\"resets_at\":\"" + now.plus(Duration.ofDays(4)) + "\"}}";
    }
}
