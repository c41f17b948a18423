package dev.cliproxy.control.adapter.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cliproxy.control.domain.model.Backend;
import dev.cliproxy.control.domain.model.CcsLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlProxySettingsBackendTest {

    @TempDir
    Path ccs;

    @Test
    void backendIsTheClisChoiceReadFreshAndOriginalOtherwise() throws IOException {
        YamlProxySettingsAdapter settings = new YamlProxySettingsAdapter(new CcsLayout(ccs));
        assertEquals(Backend.ORIGINAL, settings.backend());

        Path config = ccs.resolve("config.yaml");
        Files.writeString(config, "cliproxy:\n  backend: plus\n");
        assertEquals(Backend.PLUS, settings.backend());

        Files.writeString(config, "cliproxy:\n  backend: ' PLUS '\n");
        assertEquals(Backend.PLUS, settings.backend());

        Files.writeString(config, "cliproxy:\n  backend: original\n");
        assertEquals(Backend.ORIGINAL, settings.backend());

        Files.writeString(config, "cliproxy:\n  backend: [plus]\n");
        assertEquals(Backend.ORIGINAL, settings.backend());

        Files.writeString(config, "cliproxy: {backend: plus");
        assertEquals(Backend.ORIGINAL, settings.backend(), "unparseable YAML counts as unset");
    }
}
