package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ProxyTarget;
import dev.cliproxy.control.domain.model.RemoteProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the CCS directory tells of other proxies: the ccs remote mode's target, and the ports it has files for. */
class RemoteSettingsAndPortsTest {

    @TempDir
    Path ccs;
    private CcsLayout layout;

    @BeforeEach
    void setUp() throws Exception {
        layout = new CcsLayout(ccs);
        Files.createDirectories(layout.cliproxyDirectory());
    }

    private Optional<RemoteProxy> remote(String settings) throws Exception {
        Files.writeString(layout.ccsConfigFile(), settings);
        return new YamlProxySettingsAdapter(layout).remote();
    }

    @Test
    void theRemoteModeIsOnWhenEnabledWithAHostAsTheCcsToolsReadIt() throws Exception {
        RemoteProxy target = remote("""
                cliproxy_server:
                  local:
                    port: 9100
                  remote:
                    enabled: true
                    host: proxy.lan
                    protocol: HTTPS
                    port: 9443
                    auth_token: client-token
                    management_key: mgmt-key
                """).orElseThrow();
        assertEquals(URI.create("https://proxy.lan:9443"), target.baseUri());
        assertEquals(Optional.of("client-token"), target.clientKey());
        assertEquals(Optional.of("mgmt-key"), target.managementKey());
        assertEquals(9100, new YamlProxySettingsAdapter(layout).lifecyclePort(), "the local port stays the local one");
    }

    @Test
    void defaultsAreTheCcsTools() throws Exception {
        RemoteProxy target = remote("cliproxy_server:\n  remote:\n    enabled: true\n    host: 10.0.0.5\n"
                + "    port: \"x\"\n    auth_token: token\n").orElseThrow();
        assertEquals(URI.create("http://10.0.0.5:8317"), target.baseUri());
        assertEquals(Optional.of("token"), target.managementKey(), "management_key, else auth_token");
        assertEquals(URI.create("https://h:443"), remote("cliproxy_server:\n  remote:\n    enabled: true\n"
                + "    host: h\n    protocol: https\n    port: \"443\"\n").orElseThrow().baseUri());
    }

    @Test
    void theTargetIsTheRemoteWhileItIsOnElseTheLocalPortEachAsTheSettingsSayNow() throws Exception {
        YamlProxySettingsAdapter settings = new YamlProxySettingsAdapter(layout);
        assertEquals(new ProxyTarget.Local(8317), settings.proxyTarget(), "no settings file");

        Files.writeString(layout.ccsConfigFile(), "cliproxy_server:\n  local:\n    port: 9100\n");
        assertEquals(new ProxyTarget.Local(9100), settings.proxyTarget());

        Files.writeString(layout.ccsConfigFile(), "cliproxy_server:\n  local:\n    port: 9100\n  remote:\n"
                + "    enabled: true\n    host: proxy.lan\n    port: 9443\n");
        assertEquals(new ProxyTarget.Remote(settings.remote().orElseThrow()), settings.proxyTarget());
        assertEquals(URI.create("http://proxy.lan:9443"), settings.remote().orElseThrow().baseUri());

        Files.writeString(layout.ccsConfigFile(), "cliproxy_server:\n  local:\n    port: 9200\n  remote:\n"
                + "    enabled: false\n    host: proxy.lan\n");
        assertEquals(new ProxyTarget.Local(9200), settings.proxyTarget(), "remote mode turned off, another port");
    }

    @Test
    void offDisabledWithoutAHostOrWithAHostThatIsNotOneIsNoRemote() throws Exception {
        assertEquals(Optional.empty(), new YamlProxySettingsAdapter(layout).remote(), "no settings file");
        for (String settings : new String[] {
                "cliproxy_server:\n  remote:\n    enabled: false\n    host: h\n",
                "cliproxy_server:\n  remote:\n    enabled: \"true\"\n    host: h\n",
                "cliproxy_server:\n  remote:\n    host: h\n",
                "cliproxy_server:\n  remote:\n    enabled: true\n",
                "cliproxy_server:\n  remote:\n    enabled: true\n    host: \"\"\n",
                "cliproxy_server:\n  remote:\n    enabled: true\n    host: h/path\n",
                "cliproxy_server:\n  remote: [1]\n",
                "cliproxy_server: 3\n"}) {
            assertEquals(Optional.empty(), remote(settings), settings);
        }
    }

    @Test
    void thePortsWithAConfigOrASessionRecordAreKnownByTheirFilesNames() throws Exception {
        Path dir = layout.cliproxyDirectory();
        Files.writeString(dir.resolve("config.yaml"), "port: 8317\n");
        Files.writeString(dir.resolve("config-9000.yaml"), "port: 9000\n");
        Files.writeString(dir.resolve("config-8317.yaml"), "stray");
        Files.writeString(dir.resolve("config-9001.yaml.bak"), "old");
        Files.createDirectories(dir.resolve("config-9002.yaml"));
        Files.writeString(dir.resolve("sessions-9100.json"), "{}");
        Files.writeString(dir.resolve("control.yaml"), "{}");
        Files.createSymbolicLink(dir.resolve("sessions-9200.json"), dir.resolve("control.yaml"));

        assertEquals(Set.of(8317, 9000), new YamlProxyConfigFileAdapter(layout).ports());
        assertEquals(Set.of(9100), new FileSystemSessionStoreAdapter(layout, Clock.systemUTC()).ports(),
                "a link is no session record of ours");
    }

    @Test
    void withoutTheDirectoryNoPortIsKnown() {
        CcsLayout empty = new CcsLayout(ccs.resolve("nothing"));
        assertEquals(Set.of(), new YamlProxyConfigFileAdapter(empty).ports());
        assertEquals(Set.of(), new FileSystemSessionStoreAdapter(empty, Clock.systemUTC()).ports());
    }
}
