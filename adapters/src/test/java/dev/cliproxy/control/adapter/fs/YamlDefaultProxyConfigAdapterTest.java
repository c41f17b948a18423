package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.domain.model.CcsLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlDefaultProxyConfigAdapterTest {

    @TempDir
    Path temp;

    @Test
    void aMissingConfigIsWrittenSafe() throws Exception {
        CcsLayout layout = new CcsLayout(temp);
        assertTrue(new YamlDefaultProxyConfigAdapter(layout).createIfMissing(18317));

        Path file = layout.proxyConfigFile(18317);
        Map<?, ?> config = (Map<?, ?>) SafeYaml.parser().load(Files.readString(file));
        assertEquals("127.0.0.1", config.get("host"));
        assertEquals(18317, config.get("port"));
        assertEquals(layout.authDirectory().toString(), config.get("auth-dir"));
        List<?> keys = (List<?>) config.get("api-keys");
        assertEquals(1, keys.size());
        assertTrue(((String) keys.getFirst()).length() >= 40, "a random key, not a well-known one");
        Map<?, ?> management = (Map<?, ?>) config.get("remote-management");
        assertEquals(false, management.get("allow-remote"));
        String secret = (String) management.get("secret-key");
        assertEquals(secret, Files.readString(layout.managementSecretFile(18317)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(layout.managementSecretFile(18317))));
    }

    @Test
    void eachConfigGetsItsOwnSecrets() throws Exception {
        CcsLayout layout = new CcsLayout(temp);
        YamlDefaultProxyConfigAdapter adapter = new YamlDefaultProxyConfigAdapter(layout);
        adapter.createIfMissing(8317);
        adapter.createIfMissing(8318);
        YamlProxySettingsAdapter settings = new YamlProxySettingsAdapter(layout);
        assertNotEquals(settings.apiKeys(8317), settings.apiKeys(8318));
        assertNotEquals(settings.managementSecret(8317), settings.managementSecret(8318));
    }

    @Test
    void anExistingConfigIsNeverOverwritten() throws Exception {
        CcsLayout layout = new CcsLayout(temp);
        Path file = layout.proxyConfigFile(8317);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "port: 8317 # mine\n");

        assertFalse(new YamlDefaultProxyConfigAdapter(layout).createIfMissing(8317));
        assertEquals("port: 8317 # mine\n", Files.readString(file));
        assertFalse(Files.exists(layout.managementSecretFile(8317)));
    }

    @Test
    void theKeptSecretIsUsedOnceTheProxyHasHashedTheConfigsCopy() throws Exception {
        CcsLayout layout = new CcsLayout(temp);
        new YamlDefaultProxyConfigAdapter(layout).createIfMissing(8317);
        YamlProxySettingsAdapter settings = new YamlProxySettingsAdapter(layout);
        String plain = settings.managementSecret(8317).orElseThrow();
        Path file = layout.proxyConfigFile(8317);
        Files.writeString(file, Files.readString(file).replace(plain, "$2a$10$abcdefghijklmnopqrstuv"));

        assertEquals(Optional.of(plain), settings.managementSecret(8317));
    }

    @Test
    void writeNewPublishesOnlyWhenTheTargetIsAbsent() throws Exception {
        Path target = temp.resolve("dir/file.yaml");
        assertTrue(AtomicFileWriter.writeNew(target, "first".getBytes()));
        assertFalse(AtomicFileWriter.writeNew(target, "second".getBytes()));
        assertEquals("first", Files.readString(target));
        try (var files = Files.list(target.getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }
}
