package dev.cliproxy.control.harness;

import dev.cliproxy.control.CliProxyControl;
import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.QuotaProvider;
import dev.cliproxy.control.domain.model.Release;
import dev.cliproxy.control.domain.model.UsageRecord;
import dev.cliproxy.control.testkit.InMemoryAccountFiles;
import dev.cliproxy.control.testkit.InMemoryAccounts;
import dev.cliproxy.control.testkit.InMemoryAuthFiles;
import dev.cliproxy.control.testkit.InMemoryConfigFile;
import dev.cliproxy.control.testkit.InMemoryLogStore;
import dev.cliproxy.control.testkit.InMemoryProxyHost;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import dev.cliproxy.control.testkit.InMemoryReleaseFeed;
import dev.cliproxy.control.testkit.InMemorySessionStore;
import dev.cliproxy.control.testkit.InMemoryUpstream;
import dev.cliproxy.control.testkit.InMemoryUsageStore;
import dev.cliproxy.control.testkit.InMemoryVersionCache;
import dev.cliproxy.control.testkit.arbitrary.ErrorLogFile;
import dev.cliproxy.control.testkit.arbitrary.QuotaAnswer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The control plane over the testkit's in-memory adapters (only the installed {@code .version} is a real file). */
final class InMemoryWorld extends ControlWorld {

    static final int PORT = 8317;

    final CcsLayout layout = new CcsLayout(root.resolve("ccs"));
    final InMemoryProxyHost host = new InMemoryProxyHost(clock);
    final InMemoryLogStore logs = new InMemoryLogStore(layout, clock);
    final InMemoryAuthFiles auth = new InMemoryAuthFiles(layout, clock);
    /** The accounts the listing sees in {@code auth/}: the same files as {@link #auth}, kept alike below. */
    final InMemoryAccounts accounts = new InMemoryAccounts();
    final InMemoryConfigFile config = new InMemoryConfigFile(layout);
    final InMemoryUpstream upstream = new InMemoryUpstream();
    final InMemoryReleaseFeed feed = new InMemoryReleaseFeed();
    final InMemoryUsageStore usage = new InMemoryUsageStore();

    InMemoryWorld() {
        writeString(layout.binaryDirectory(Backend.ORIGINAL).resolve(".version"), INSTALLED_VERSION);
        config.put(PORT, baseConfig());
        logs.putLinkOutside(LINKED_LOG);
        auth.putLinkOutside(LINKED_AUTH);
        // The stand-in proxy's two models, so both worlds answer /models alike.
        host.serveModels(List.of(InMemoryProxyHost.model("gemini-2.5-pro", "google", 1750118400L),
                InMemoryProxyHost.model("gpt-5", "openai", 1754524800L)));
        open(CliProxyControl.builder().ccsDirectory(layout.ccsDirectory())
                .proxySettings(new InMemoryProxySettings().port(PORT))
                .proxyProcess(host).proxyApi(host).startupLock(host).defaultProxyConfig(host)
                .sessionStore(new InMemorySessionStore())
                .logStore(logs).authFileStore(auth).credentialStore(auth).proxyConfigFile(config)
                .accountStore(accounts).accountFiles(new InMemoryAccountFiles(accounts, clock).mirroring(auth))
                .upstreamCall(upstream).releaseFeed(feed).versionCache(new InMemoryVersionCache())
                .usageStore(usage)
                // An in-memory proxy is healthy at once or never: a short startup timeout keeps "never" quick.
                .startupTimeout(Duration.ofMillis(100))
                .quotaCacheTtl(Duration.ZERO).quotaRateLimit(1_000_000));
    }

    @Override
    String baseConfig() {
        return "host: \"127.0.0.1\"\nport: " + PORT + "\n";
    }

    @Override
    void crashProxy() {
        host.crashProxy(false);
    }

    @Override
    int liveProxies() {
        return host.liveProxyPids().size();
    }

    @Override
    void putLog(ErrorLogFile log) {
        logs.put(log);
    }

    @Override
    void deleteLog(String name) {
        logs.delete(name);
    }

    /** Any file: a {@code *.json} one is an account the listing shows, of no type (its content is no token file). */
    @Override
    void putAuthFile(String name, byte[] content) {
        auth.put(name, content);
        accounts.delete(name, false);
        if (name.endsWith(".json") && name.length() > ".json".length()) {
            accounts.put(name, false, Optional.empty(), Optional.empty(), Optional.empty(), clock.instant());
        }
    }

    @Override
    void deleteAuthFile(String name) {
        auth.delete(name);
        accounts.delete(name, false);
    }

    @Override
    void putTokenFile(String name, Optional<String> type, String email) {
        auth.putTokenFile(name, type, email, token(email));
        accounts.put(name, false, type, Optional.of(email), Optional.empty(), clock.instant());
    }

    @Override
    void upstream(QuotaProvider provider, QuotaAnswer answer) {
        upstream.answer(provider, answer);
    }

    @Override
    void storeUsage(List<UsageRecord> records) {
        usage.store(records, Optional.empty());
    }

    @Override
    void feed(boolean up, List<Release> releases) {
        feed.publish(releases);
        if (up) {
            feed.up();
        } else {
            feed.down(InMemoryReleaseFeed.State.UNREACHABLE);
        }
    }
}
