package dev.cliproxy.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cliproxy.control.domain.model.AlertKind;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ControlSettings;
import dev.cliproxy.control.domain.model.Credential;
import dev.cliproxy.control.domain.model.InstallOutcome;
import dev.cliproxy.control.domain.model.LoginPhase;
import dev.cliproxy.control.domain.model.LoginStarted;
import dev.cliproxy.control.domain.model.Platform;
import dev.cliproxy.control.domain.model.QuotaEntry;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.QuotaResult;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.ReleaseAsset;
import dev.cliproxy.control.domain.model.UpdateCheck;
import dev.cliproxy.control.domain.port.QuotaProviderPort;
import dev.cliproxy.control.domain.port.UpstreamCallPort;
import dev.cliproxy.control.testkit.Await;
import dev.cliproxy.control.testkit.InMemoryAccountFiles;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.InMemoryAuthFiles;
import dev.cliproxy.control.testkit.InMemoryBinaryVersions;
import dev.cliproxy.control.testkit.InMemoryControlSettings;
import dev.cliproxy.control.testkit.InMemoryInstallation;
import dev.cliproxy.control.testkit.InMemoryInstalledVersions;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxyLogin;
import dev.cliproxy.control.testkit.InMemoryProxyManagement;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryReleaseFeed;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.InMemoryUpstream;
import dev.cliproxy.control.testkit.InMemoryVersionCache;
import dev.cliproxy.control.testkit.InMemoryWebhooks;
import dev.cliproxy.control.testkit.TestClock;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every port the README calls replaceable is replaced through the builder, here by the testkit's fakes. */
class BuilderPortsTest {

    private static final int PORT = 8317;

    @TempDir
    Path ccs;
    private final TestClock clock = new TestClock();

    @Test
    void theInstalledAndBinaryVersionsAreAskedOfTheGivenPorts() {
        InMemoryInstalledVersions installed = new InMemoryInstalledVersions();
        installed.write(Backend.ORIGINAL, "6.1.0");
        InMemoryBinaryVersions binaries = new InMemoryBinaryVersions();
        Path binary = ccs.resolve("bin/cli-proxy-api");
        binaries.install(binary, "6.2.0");
        InMemoryReleaseFeed feed = new InMemoryReleaseFeed();
        feed.publish(List.of(new Release("v6.3.0", false, Optional.empty())));

        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).clock(clock)
                .proxySettings(new InMemoryProxySettings().port(PORT)).releaseFeed(feed)
                .versionCache(new InMemoryVersionCache()).installedVersion(installed).build()) {
            assertEquals(Optional.of("6.1.0"), control.updates().check().currentVersion(), "the recorded version");
        }
        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).clock(clock).proxyBinary(binary)
                .proxySettings(new InMemoryProxySettings().port(PORT)).releaseFeed(feed)
                .versionCache(new InMemoryVersionCache()).binaryVersion(binaries).build()) {
            UpdateCheck check = control.updates().check();
            assertEquals(Optional.of("6.2.0"), check.currentVersion(), "the given binary's banner");
        }
    }

    @Test
    void aQuotaProviderGivenToTheBuilderAnswersForItsProvider() {
        InMemoryAuthFiles auth = new InMemoryAuthFiles(new CcsLayout(ccs), clock);
        auth.putAccount(QuotaProvider.IFLOW, "user@example.com", "token");
        QuotaEntry entry = QuotaEntry.percent("all", 0.5, Instant.EPOCH);
        QuotaProviderPort iflow = new QuotaProviderPort() {
            @Override
            public QuotaProvider provider() {
                return QuotaProvider.IFLOW;
            }

            @Override
            public List<QuotaEntry> fetch(Credential credential, UpstreamCallPort upstream) {
                return List.of(entry);
            }
        };

        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).clock(clock)
                .credentialStore(auth).upstreamCall(new InMemoryUpstream()).quotaProvider(iflow).build()) {
            QuotaResult result = control.quota().fetch("iflow", "user@example.com");
            assertEquals(List.of(entry), assertInstanceOf(QuotaResult.Fetched.class, result).quotas());
        }
    }

    @Test
    void aRejectedTokenIsRetriedThroughTheGivenManagementApi() {
        InMemoryProxyHost host = new InMemoryProxyHost(clock);
        InMemoryAuthFiles auth = new InMemoryAuthFiles(new CcsLayout(ccs), clock);
        String file = auth.putAccount(QuotaProvider.CLAUDE, "user@example.com", "stale");
        InMemoryUpstream direct = new InMemoryUpstream();
        direct.answer(QuotaProvider.CLAUDE, QuotaAnswer.refused(401));
        InMemoryUpstream throughProxy = new InMemoryUpstream();
        throughProxy.answer(QuotaProvider.CLAUDE, QuotaAnswer.ok("{\"five_hour\":{}}"));
        InMemoryProxyManagement management = new InMemoryProxyManagement(throughProxy);
        management.serve(PORT, "secret");
        management.load(PORT, file, Optional.of("user@example.com"));

        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).clock(clock)
                .proxySettings(new InMemoryProxySettings().port(PORT).managementSecret("secret"))
                .proxyProcess(host).proxyApi(host).startupLock(host).defaultProxyConfig(host)
                .sessionStore(new InMemorySessionStore()).startupTimeout(Duration.ofMillis(100))
                .credentialStore(auth).upstreamCall(direct).proxyManagement(management).build()) {
            control.proxy().start();
            assertInstanceOf(QuotaResult.Fetched.class, control.quota().fetch("claude", "user@example.com"));
            assertEquals(1, throughProxy.calls().size(), "the management API made the call");
        }
    }

    @Test
    void accountsSignInImportAndLeaveThroughTheGivenPorts() {
        InMemoryProxyHost host = new InMemoryProxyHost(clock);
        InMemoryAccounts accounts = new InMemoryAccounts();
        InMemoryAccountFiles files = new InMemoryAccountFiles(accounts, clock);
        InMemoryProxyLogin login = new InMemoryProxyLogin(accounts, clock);
        login.serve(PORT, "secret");

        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).clock(clock)
                .proxySettings(new InMemoryProxySettings().port(PORT).managementSecret("secret"))
                .proxyProcess(host).proxyApi(host).startupLock(host).defaultProxyConfig(host)
                .sessionStore(new InMemorySessionStore()).startupTimeout(Duration.ofMillis(100))
                .accountStore(accounts).accountFiles(files).proxyLogin(login)
                .loginTimeout(Duration.ofMinutes(2)).loginPollInterval(Duration.ofHours(1)).build()) {
            control.proxy().start();
            LoginStarted started = control.accounts().login("codex");
            assertEquals(clock.instant().plus(Duration.ofMinutes(2)), started.expiresAt(), "the given timeout");
            login.consent(started.state(), "a@b.c");
            assertEquals(LoginPhase.WAIT, control.accounts().loginStatus(started.state()).phase(),
                    "not asked yet: the given interval is an hour");
            clock.advance(Duration.ofMinutes(2));
            assertEquals(LoginPhase.OK, control.accounts().loginStatus(started.state()).phase(),
                    "asked at the given deadline, through the given port");

            control.accounts().importToken("{\"type\":\"claude\",\"email\":\"c@d.e\"}".getBytes(
                    StandardCharsets.UTF_8), Optional.empty(), false);
            assertEquals(1, control.accounts().list().stream().filter(a -> a.token().file()
                    .equals("claude-c@d.e.json")).count(), "imported into the given store");
            control.accounts().delete("claude", "claude-c@d.e");
            assertEquals(1, files.removed().size(), "removed through the given files");
        }
    }

    @Test
    void anInstallGoesThroughTheGivenDownloadArchiveInstallationTrialAndTrialConfigPorts() {
        InMemoryInstalledVersions installed = new InMemoryInstalledVersions();
        installed.write(Backend.ORIGINAL, "6.1.0");
        InMemoryInstallation files = new InMemoryInstallation(installed);
        files.installBinary(Backend.ORIGINAL, "binary 6.1.0");
        byte[] archive = InMemoryInstallation.archiveHolding("binary 6.2.0");
        files.serve("https://github.test/6.2.0.tar.gz", archive);
        InMemoryReleaseFeed feed = new InMemoryReleaseFeed();
        feed.publish(List.of(Release.ofTag("v6.2.0", false, Optional.empty()).orElseThrow()));
        Platform platform = Platform.of(System.getProperty("os.name"), System.getProperty("os.arch")).orElseThrow();
        feed.attach("6.2.0", List.of(new ReleaseAsset(platform.assetNames(Backend.ORIGINAL, "6.2.0").getFirst(),
                archive.length, "https://github.test/6.2.0.tar.gz",
                Optional.of(InMemoryInstallation.sha256(archive)))));
        InMemoryProxyHost host = new InMemoryProxyHost(clock);

        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).clock(clock)
                .proxySettings(new InMemoryProxySettings().port(PORT))
                .proxyProcess(host).proxyApi(host).startupLock(host).defaultProxyConfig(host).proxyTrial(host)
                .sessionStore(new InMemorySessionStore()).releaseFeed(feed).installedVersion(installed)
                .versionCache(new InMemoryVersionCache()).assetDownload(files).archiveExtractor(files)
                .proxyInstallation(files).trialConfig(files).build()) {
            InstallOutcome outcome = control.updates().install(Optional.empty());
            assertEquals("6.2.0", assertInstanceOf(InstallOutcome.Installed.class, outcome, outcome::toString).version());
            assertEquals(Optional.of("binary 6.2.0"), files.binary(Backend.ORIGINAL), "promoted in the given folder");
            assertEquals(Optional.of("6.2.0"), installed.recordedVersion(Backend.ORIGINAL));
            assertEquals(List.of(), files.openTrials(), "the given trial config was discarded");
        }
    }

    @Test
    void alertsArePostedThroughTheGivenWebhooksPortAndItsSettingsAreChecked() {
        InMemoryAccounts accounts = new InMemoryAccounts();
        accounts.put("codex-a.json", false, Optional.of("codex"), Optional.empty(), Optional.empty(), clock.instant());
        InMemoryWebhooks receivers = new InMemoryWebhooks();
        InMemoryControlSettings settings = new InMemoryControlSettings(ControlSettings.fromTree(Map.of("alerts",
                Map.of("webhooks", Map.of("ops", Map.of("url", "https://hooks.test/x"))))));

        try (CliProxyControl control = CliProxyControl.builder().ccsDirectory(ccs).clock(clock)
                .proxySettings(new InMemoryProxySettings().port(PORT)).accountStore(accounts)
                .controlSettings(settings).webhooks(receivers).alertQueueCapacity(1)
                .webhookTimeout(Duration.ofSeconds(1)).automationCheckInterval(Duration.ofMillis(10)).build()) {
            control.accounts().pause("codex", "codex-a");
            Await.until(() -> receivers.delivered().size() == 1, "the delivery");
            assertEquals(AlertKind.ACCOUNT_PAUSED, receivers.delivered().getFirst().alert().kind());
            assertEquals(1, control.alerts().deliveries().capacity());
        }
        assertThrows(IllegalArgumentException.class, () -> CliProxyControl.builder().alertQueueCapacity(0));
        assertThrows(IllegalArgumentException.class,
                () -> CliProxyControl.builder().automationCheckInterval(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> CliProxyControl.builder().webhookTimeout(Duration.ZERO));
    }

    @Test
    void aCountBelowOneIsRefusedNamingItsSetting() {
        assertEquals("alertQueueCapacity must be at least 1, was 0", assertThrows(IllegalArgumentException.class,
                () -> CliProxyControl.builder().alertQueueCapacity(0)).getMessage());
        assertEquals("quotaRateLimit must be at least 1, was -1", assertThrows(IllegalArgumentException.class,
                () -> CliProxyControl.builder().quotaRateLimit(-1)).getMessage());
    }
}
