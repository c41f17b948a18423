package dev.cliproxy.control.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cliproxy.control.application.usecase.UpdateProxyConfigUseCase.Command;
import dev.cliproxy.control.domain.error.InvalidInputException;
import dev.cliproxy.control.domain.error.PayloadTooLargeException;
import dev.cliproxy.control.domain.model.CcsLayout;
import dev.cliproxy.control.domain.model.ConfigUpdate;
import dev.cliproxy.control.domain.model.WritePrecondition;
import dev.cliproxy.control.testkit.InMemoryConfigFile;
import dev.cliproxy.control.testkit.InMemoryProxySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The port a new config declares must be the port the proxy is controlled on. */
class UpdateProxyConfigServiceTest {

    private final InMemoryConfigFile files = new InMemoryConfigFile(new CcsLayout(Path.of("/nonexistent/ccs")));
    private final InMemoryProxySettings settings = new InMemoryProxySettings();
    private final UpdateProxyConfigService service = new UpdateProxyConfigService(settings, files, 1024 * 1024);

    @Test
    void aConfigOnTheControlPortOrWithoutAPortOn8317IsWritten() {
        settings.port(9000);
        service.update(new Command("port: 9000\ndebug: true\n", new WritePrecondition.Unconditional()));
        assertEquals("port: 9000\ndebug: true\n", content(9000));

        settings.port(8317);
        service.update(new Command("debug: false\n", new WritePrecondition.Unconditional()));
        assertEquals("debug: false\n", content(8317));
    }

    @Test
    void anyOtherEffectivePortIsRefusedAndNothingIsWritten() {
        settings.port(9000);
        files.put(9000, "port: 9000\n");
        for (String content : new String[] {"port: 9001\n", "debug: true\n", "port: \"9000\"\n", "port:\n",
                "port: 0\n", "port: 70000\n", "port: [9000]\n"}) {
            InvalidInputException refused = assertThrows(InvalidInputException.class,
                    () -> service.update(new Command(content, new WritePrecondition.Unconditional())), content);
            assertEquals("Invalid config", refused.error());
            assertEquals(Optional.of("port_mismatch"), refused.code());
            assertTrue(refused.detail().orElseThrow().contains("must be 9000"), refused.detail().orElseThrow());
            assertEquals("port: 9000\n", content(9000), content);
        }
    }

    @Test
    void invalidYamlIsReportedAsSuchBeforeAnyPortCheck() {
        settings.port(9000);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> service.update(new Command("port: [9001\n", new WritePrecondition.Unconditional())));
        assertEquals(Optional.of("invalid_yaml"), refused.code());
    }

    @Test
    void theSizeLimitCountsUtf8BytesAndAdmitsExactlyTheLimit() {
        String ascii = "port: 8317\n#" + "x".repeat(20);
        int limit = ascii.length();
        UpdateProxyConfigService limited = new UpdateProxyConfigService(settings, files, limit);

        ConfigUpdate written = limited.update(new Command(ascii, new WritePrecondition.Unconditional()));
        assertEquals(files.read(8317).orElseThrow().etag(), written.etag());
        assertEquals(ascii, content(8317));

        String wide = "port: 8317\n#" + "\u00E9".repeat(10);
        assertEquals(limit, wide.getBytes(StandardCharsets.UTF_8).length);
        limited.update(new Command(wide, new WritePrecondition.Unconditional()));
        assertEquals(wide, content(8317));

        for (String tooLarge : new String[] {ascii + "x", wide + "x", "port: 8317\n#" + "\u00E9".repeat(11)}) {
            assertThrows(PayloadTooLargeException.class,
                    () -> limited.update(new Command(tooLarge, new WritePrecondition.Unconditional())));
            assertEquals(wide, content(8317), "nothing written");
        }
        assertThrows(IllegalArgumentException.class, () -> new UpdateProxyConfigService(settings, files, 0));
        new UpdateProxyConfigService(settings, files, 1);
    }

    private String content(int port) {
        return new String(files.read(port).orElseThrow().content(), StandardCharsets.UTF_8);
    }
}
